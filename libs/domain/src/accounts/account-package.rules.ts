// Value rules of an account package (SPEC §5.1). They return every issue at once; paths are
// relative to the body (`images[0].imageDigest`).
import type { FieldIssue } from '../errors.js';
import { ConflictError } from '../errors.js';
import { checkEachItem, checkObject, checkOneOf, checkString, isAbsent, type Issues } from '../field-checks.js';
import type { AccountPackageSpec, PackageType, SeverityLevel } from './account-package.events.js';
import { artifactIssues, dependencyIssues, fileIssues, imageIssues, versionIssue } from './account-package-parts.rules.js';
import { compareLooseVersions } from './package-version.js';

export const PACKAGE_TYPES = ['install', 'patch'] as const satisfies readonly PackageType[];
export const SEVERITY_LEVELS = ['recommended', 'critical'] as const satisfies readonly SeverityLevel[];
export const MAX_STATE_DETAIL_TITLE = 40;
export const MAX_STATE_DETAIL_DETAIL = 511;

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Account ids and account package ids are lower-case UUIDs; anything else answers as not found. */
export const isLowerUuid = (value: string): boolean => LOWER_UUID.test(value);

/** Every value rule of a create body (`metadata.labels` is checked by labelIssues). */
export const accountPackageSpecIssues = (spec: AccountPackageSpec): FieldIssue[] => {
  const issues: Issues = [];
  if (spec.type !== 'application/astra-package') {
    issues.push({ path: 'type', message: 'must be application/astra-package', value: spec.type });
  }
  if (spec.version !== '1.0') issues.push({ path: 'version', message: 'must be 1.0', value: spec.version });
  checkString(issues, 'packageName', spec.packageName, 1, 31);
  versionIssue(issues, 'packageVersion', spec.packageVersion);
  checkOneOf(issues, 'packageType', spec.packageType, PACKAGE_TYPES);
  checkOneOf(issues, 'severityLevel', spec.severityLevel, SEVERITY_LEVELS);
  checkEachItem(issues, 'bundleName', spec.bundleName, (name, at) => checkString(issues, at, name, 1, Infinity));
  checkEachItem(issues, 'images', spec.images, (image, at) => imageIssues(issues, at, image));
  checkEachItem(issues, 'artifacts', spec.artifacts, (artifact, at) => artifactIssues(issues, at, artifact));
  checkEachItem(issues, 'files', spec.files, (file, at) => fileIssues(issues, at, file));
  if (!isAbsent(spec.upgradableVersions) && checkObject(issues, 'upgradableVersions', spec.upgradableVersions)) {
    const { minVersion, maxVersion } = spec.upgradableVersions;
    rangeIssues(issues, 'upgradableVersions', minVersion, maxVersion, ['minVersion', 'maxVersion']);
  }
  checkEachItem(issues, 'dependencies', spec.dependencies, (dependency, at) => {
    const checked = dependencyIssues(issues, at, dependency);
    if (checked) {
      const { componentMinVersion: min, componentMaxVersion: max } = checked;
      rangeIssues(issues, at, min, max, ['componentMinVersion', 'componentMaxVersion']);
    }
  });
  return issues;
};

/** Optional min and max must each parse, and min ≤ max by version precedence. */
const rangeIssues = (issues: Issues, path: string, min: unknown, max: unknown, names: [string, string]): void => {
  const minOk = isAbsent(min) || versionIssue(issues, `${path}.${names[0]}`, min);
  const maxOk = isAbsent(max) || versionIssue(issues, `${path}.${names[1]}`, max);
  if (minOk && maxOk && typeof min === 'string' && typeof max === 'string' && compareLooseVersions(min, max) > 0) {
    issues.push({ path: `${path}.${names[0]}`, message: `must not be above ${names[1]} (${max})`, value: min });
  }
};

export const labelIssues = (labels: unknown, path = 'metadata.labels'): FieldIssue[] => {
  const issues: Issues = [];
  checkEachItem(issues, path, labels, (label, at) => {
    if (!checkObject(issues, at, label)) return;
    checkString(issues, `${at}.name`, label.name, 1, Infinity);
    checkString(issues, `${at}.value`, label.value, 0, Infinity);
  });
  return issues;
};

export const stateDetailIssues = (details: unknown, path = 'packageStateDetails'): FieldIssue[] => {
  const issues: Issues = [];
  checkEachItem(issues, path, details, (detail, at) => {
    if (!checkObject(issues, at, detail)) return;
    checkString(issues, `${at}.type`, detail.type, 1, Infinity);
    checkString(issues, `${at}.title`, detail.title, 1, MAX_STATE_DETAIL_TITLE);
    checkString(issues, `${at}.detail`, detail.detail, 1, MAX_STATE_DETAIL_DETAIL);
  });
  return issues;
};

export type AccountUniquenessKey = readonly [accountId: string, packageName: string, packageVersion: string, packageType: PackageType];

/** What must be unique among an account's live packages; the version as written, not normalised. */
export const accountUniquenessKey = (accountId: string, spec: AccountPackageSpec): AccountUniquenessKey => [
  accountId,
  spec.packageName,
  spec.packageVersion,
  spec.packageType,
];

/** What the command service throws when the uniqueness store holds the key for another package. */
export const accountUniquenessConflict = (spec: AccountPackageSpec): ConflictError =>
  new ConflictError(
    `a package ${spec.packageName} ${spec.packageVersion} (${spec.packageType}) already exists in this account`,
    (['packageName', 'packageVersion', 'packageType'] as const).map((path) => ({
      path,
      message: 'conflicts with an existing package',
      value: spec[path],
    })),
  );
