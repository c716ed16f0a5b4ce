// Value rules of the catalog family (SPEC §4.1). Shapes (types, unknown fields) are the HTTP
// layer's job; these rules judge values and report every issue at once.
import semver from 'semver';
import { ConflictError, type FieldIssue } from '../errors.js';
import { checkArray, checkOneOf, checkString, checkUniqueItems, isAbsent, type Issues } from '../field-checks.js';
import type {
  CatalogPackageData,
  PackageSystem,
  ReleaseCycle,
  SupportModel,
  Versioning,
  VersioningScheme,
} from './catalog-package.events.js';
import type { PackageBody } from './catalog-package.commands.js';

export const PACKAGE_SYSTEMS = ['helm', 'kustomize', 'kube'] as const satisfies readonly PackageSystem[];
export const VERSIONING_SCHEMES = [
  'semantic',
  'year-with-number',
  'calver',
  'unknown',
] as const satisfies readonly VersioningScheme[];
export const RELEASE_CYCLES = ['none', 'regular', 'adhoc'] as const satisfies readonly ReleaseCycle[];
export const SUPPORT_MODELS = ['rolling', 'none'] as const satisfies readonly SupportModel[];

export const MAX_ALIASES = 32;
export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;
/** Not in the seed; bounds the cost of parsing and intersecting a range. */
export const MAX_VERSION_CONSTRAINT_LENGTH = 1024;

export const DEFAULT_VERSIONING: Versioning = { scheme: 'unknown', release_cycle: 'none', support_model: 'none' };

const PACKAGE_ID = /^pkg_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ALIAS = /^[a-z0-9._-]{1,100}$/;

/** `pkg_` + a lower-case UUID v4. */
export const isPackageId = (value: string): boolean => PACKAGE_ID.test(value);

/** Alias format only; global uniqueness is the command service's job (NATS KV). */
export const isAlias = (value: string): boolean => ALIAS.test(value) && !value.startsWith('pkg_');

/** The composite VersionSet id, `<package id or alias>:<number>`. */
export const versionSetId = (packageRef: string, number: number): string => `${packageRef}:${number}`;

/** A VersionSet number as written in a path: a non-negative decimal integer, else null (→ 404). */
export const parseVersionSetNumber = (text: string): number | null => {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) return null;
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : null;
};

export const aliasIssues = (aliases: readonly unknown[], path = 'aliases'): FieldIssue[] => {
  const issues: Issues = [];
  if (aliases.length > MAX_ALIASES) {
    issues.push({ path, message: `at most ${MAX_ALIASES} aliases per package`, value: aliases.length });
  }
  aliases.forEach((alias, index) => {
    const at = `${path}[${index}]`;
    if (typeof alias !== 'string' || !ALIAS.test(alias)) {
      issues.push({ path: at, message: '1..100 of lower-case letters, digits, "-", "_", "."', value: alias });
    } else if (alias.startsWith('pkg_')) {
      issues.push({ path: at, message: 'must not start with "pkg_" (reserved for package ids)', value: alias });
    }
  });
  checkUniqueItems(issues, path, aliases);
  return issues;
};

const versioningIssues = (versioning: NonNullable<PackageBody['versioning']>): FieldIssue[] => {
  const issues: Issues = [];
  const { scheme, release_cycle, support_model, release_interval_days: days } = versioning;
  if (!isAbsent(scheme)) checkOneOf(issues, 'versioning.scheme', scheme, VERSIONING_SCHEMES);
  if (!isAbsent(release_cycle)) checkOneOf(issues, 'versioning.release_cycle', release_cycle, RELEASE_CYCLES);
  if (!isAbsent(support_model)) checkOneOf(issues, 'versioning.support_model', support_model, SUPPORT_MODELS);
  if (!isAbsent(days) && !(Number.isSafeInteger(days) && days >= 0)) {
    issues.push({ path: 'versioning.release_interval_days', message: 'must be an integer ≥ 0', value: days });
  }
  return issues;
};

/** Every value rule of a Package create or PUT body. */
export const packageBodyIssues = (body: PackageBody): FieldIssue[] => {
  const issues: Issues = [];
  checkString(issues, 'title', body.title, 1, MAX_TITLE_LENGTH);
  checkOneOf(issues, 'system', body.system, PACKAGE_SYSTEMS);
  if (!isAbsent(body.aliases) && checkArray(issues, 'aliases', body.aliases)) {
    issues.push(...aliasIssues(body.aliases));
  }
  if (!isAbsent(body.description)) checkString(issues, 'description', body.description, 0, MAX_DESCRIPTION_LENGTH);
  if (!isAbsent(body.versioning)) issues.push(...versioningIssues(body.versioning));
  return issues;
};

/** The event form of a (valid) body: omitted optional fields take their defaults (description null). */
export const normalizePackage = (id: string, body: PackageBody): CatalogPackageData => {
  const v = body.versioning ?? {};
  const versioning: Versioning = {
    scheme: v.scheme ?? DEFAULT_VERSIONING.scheme,
    release_cycle: v.release_cycle ?? DEFAULT_VERSIONING.release_cycle,
    support_model: v.support_model ?? DEFAULT_VERSIONING.support_model,
    ...(isAbsent(v.release_interval_days) ? {} : { release_interval_days: v.release_interval_days }),
  };
  return {
    id,
    title: body.title,
    system: body.system,
    aliases: [...(body.aliases ?? [])],
    description: isAbsent(body.description) ? null : body.description,
    versioning,
  };
};

/** A non-empty node-semver range; commas get their own reason since other tools accept them. */
export const versionConstraintIssues = (range: unknown, path = 'version_constraint'): FieldIssue[] => {
  if (typeof range !== 'string') return [{ path, message: 'must be a string', value: range }];
  if (range.trim() === '') return [{ path, message: 'must not be empty (an empty range would match everything)', value: range }];
  if (range.length > MAX_VERSION_CONSTRAINT_LENGTH) {
    return [{ path, message: `must be at most ${MAX_VERSION_CONSTRAINT_LENGTH} characters`, value: range }];
  }
  if (range.includes(',')) {
    return [{ path, message: 'commas are not range syntax: separate comparators with spaces (">=1.0 <2")', value: range }];
  }
  if (semver.validRange(range) === null) {
    return [{ path, message: 'is not a node-semver range (e.g. ">=1.2.1", "<2.34.50", ">=1.0 <2")', value: range }];
  }
  return [];
};

const PRERELEASES = { includePrerelease: true } as const;

/** Whether two valid ranges share at least one version, prereleases included. */
export const rangesOverlap = (a: string, b: string): boolean => semver.intersects(a, b, PRERELEASES);

/** Whether `version` lies in `range`, prereleases included; false for a version that does not parse. */
export const rangeHolds = (range: string, version: string): boolean => semver.satisfies(version, range, PRERELEASES);

/** A strict SemVer version, as the `version=` query parameter takes it. */
export const isSemver = (version: string): boolean => semver.valid(version) !== null;

/** What the command service throws when the alias store says an alias belongs to another package. */
export const aliasTakenConflict = (alias: string, index: number): ConflictError =>
  new ConflictError(`alias "${alias}" is taken by another package`, [
    { path: `aliases[${index}]`, message: 'is already taken', value: alias },
  ]);
