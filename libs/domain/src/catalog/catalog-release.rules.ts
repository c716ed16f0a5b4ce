// Value rules of PackageReleases (SPEC §4.5) and the release ↔ VersionSet resolution both sides use.
import semver from 'semver';
import type { FieldIssue } from '../errors.js';
import { checkArray, checkObject, checkOneOf, checkString, isAbsent, type Issues } from '../field-checks.js';
import type { ReleaseBody } from './catalog-package.commands.js';
import type { ChangeKind, ReleaseFields } from './catalog-package.events.js';
import { rangeHolds } from './catalog-package.rules.js';

export const CHANGE_KINDS = [
  'added',
  'changed',
  'deprecated',
  'removed',
  'fixed',
  'security',
] as const satisfies readonly ChangeKind[];
export const MAX_CHANGES = 500;
export const MAX_CHANGE_DESCRIPTION_LENGTH = 2000;
/** Not in the spec; node-semver refuses longer versions, so the register does too. */
export const MAX_RELEASE_VERSION_LENGTH = 256;

// semver.org's regular expression, with the optional leading `v` the spec allows.
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A SemVer 2.0 version, optionally written with a leading `v`, whose numbers node-semver can compare. */
export const isReleaseVersion = (version: string): boolean =>
  version.length <= MAX_RELEASE_VERSION_LENGTH && SEMVER.test(version) && semver.parse(version) !== null;

/**
 * The precedence key of a version: equal keys = equal SemVer precedence (`v1.2.0`, `1.2.0` and
 * `1.2.0+build.5` share `1.2.0`). A string that does not parse keys as itself.
 */
export const releaseKey = (version: string): string => semver.parse(version)?.version ?? version;

/** SemVer precedence, for sorting valid versions (highest first is `-compareReleaseVersions`). */
export const compareReleaseVersions = (a: string, b: string): number => semver.compare(a, b);

export const isPrerelease = (version: string): boolean => (semver.parse(version)?.prerelease.length ?? 0) > 0;

/** The composite release id, `<package id or alias>@<version>`. */
export const releaseId = (packageRef: string, version: string): string => `${packageRef}@${version}`;

/**
 * `{release}` as a path writes it: `<package id or alias>@<version>` or the bare version; null when
 * either part is empty (→ 404). Package refs and versions never contain `@`, so the first one splits.
 */
export const parseReleaseRef = (text: string): { packageRef: string | null; version: string } | null => {
  const at = text.indexOf('@');
  if (at < 0) return text === '' ? null : { packageRef: null, version: text };
  const packageRef = text.slice(0, at);
  const version = text.slice(at + 1);
  return packageRef === '' || version === '' ? null : { packageRef, version };
};

/**
 * The live VersionSet whose range holds `version` (prereleases included, as for every range of
 * the register), or null. Live ranges never overlap, so at most one matches.
 */
export const versionSetHolding = (
  versionSets: readonly { number: number; version_constraint: string }[],
  version: string,
): number | null => versionSets.find((set) => rangeHolds(set.version_constraint, version))?.number ?? null;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 date-time (JSON Schema `date-time`) naming a real calendar day and time. */
export const isDateTime = (text: string): boolean => {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = [1, 2, 3, 4, 5, 6, 8, 9].map(
    (group) => Number(match[group] ?? 0),
  ) as [number, number, number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 &&
    second <= 59 && offsetHour <= 23 && offsetMinute <= 59;
};

export const releaseVersionIssues = (version: unknown, path = 'version'): FieldIssue[] => {
  const issues: Issues = [];
  if (!checkString(issues, path, version, 1, MAX_RELEASE_VERSION_LENGTH)) return issues;
  if (!isReleaseVersion(version)) {
    issues.push({ path, message: 'must be a SemVer 2.0 version, optionally with a leading "v" (e.g. "1.2.0", "v2.0.0-rc.1")', value: version });
  }
  return issues;
};

const changeIssues = (issues: Issues, change: unknown, at: string): void => {
  if (!checkObject(issues, at, change)) return;
  checkOneOf(issues, `${at}.kind`, change['kind'], CHANGE_KINDS);
  checkString(issues, `${at}.description`, change['description'], 1, MAX_CHANGE_DESCRIPTION_LENGTH);
};

/** Every value rule of a release create or PUT body. */
export const releaseBodyIssues = (body: ReleaseBody): FieldIssue[] => {
  const issues: Issues = releaseVersionIssues(body.version);
  const releasedOn = body.released_on;
  if (!isAbsent(releasedOn) && (typeof releasedOn !== 'string' || !isDateTime(releasedOn))) {
    issues.push({ path: 'released_on', message: 'must be an RFC 3339 date-time (e.g. "2025-03-01T12:00:00Z")', value: releasedOn });
  }
  if (!isAbsent(body.changes) && checkArray(issues, 'changes', body.changes)) {
    if (body.changes.length > MAX_CHANGES) {
      issues.push({ path: 'changes', message: `at most ${MAX_CHANGES} changes per release`, value: body.changes.length });
    }
    body.changes.forEach((change, index) => changeIssues(issues, change, `changes[${index}]`));
  }
  return issues;
};

/** The event data of a (valid) body: `changes` default to none, an absent `released_on` stays absent. */
export const normalizeRelease = (packageId: string, version: string, body: ReleaseBody): ReleaseFields => ({
  package: packageId,
  version,
  ...(isAbsent(body.released_on) ? {} : { released_on: body.released_on }),
  changes: (body.changes ?? []).map((change) => ({ kind: change.kind, description: change.description })),
});
