// Rules for the nested parts of an account package body: images, artifacts, files, dependencies.
import type { Dependency } from './account-package.events.js';
import { checkEachItem, checkObject, checkString, isAbsent, type Issues } from '../field-checks.js';
import { parseLooseVersion } from './package-version.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
// Standard alphabet, padded to a multiple of four.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A version in the loose sense of the seed; true when it parses. */
export const versionIssue = (issues: Issues, path: string, value: unknown): boolean => {
  if (typeof value === 'string' && parseLooseVersion(value) !== null) return true;
  issues.push({ path, message: 'must be a version (SemVer, or a loose form such as 22.09.1, v1.22)', value });
  return false;
};

/** An absolute path from the registry root; `//host/...` would smuggle a registry host in. */
const imagePathIssue = (issues: Issues, path: string, value: unknown): void => {
  if (!checkString(issues, path, value, 1, 1023)) return;
  if (!value.startsWith('/') || value.startsWith('//')) {
    issues.push({ path, message: 'must be an absolute path without a registry host, e.g. /globalcicd/acc', value });
  }
};

const imageRefIssues = (issues: Issues, at: string, ref: Record<string, unknown>): void => {
  imagePathIssue(issues, `${at}.imagePath`, ref.imagePath);
  checkString(issues, `${at}.imageName`, ref.imageName, 1, 63);
  checkString(issues, `${at}.imageTag`, ref.imageTag, 1, 31);
};

export const imageIssues = (issues: Issues, at: string, image: unknown): void => {
  if (!checkObject(issues, at, image)) return;
  imageRefIssues(issues, at, image);
  if (typeof image.imageDigest !== 'string' || !DIGEST.test(image.imageDigest)) {
    issues.push({ path: `${at}.imageDigest`, message: 'must be sha256: and 64 lower-case hex digits', value: image.imageDigest });
  }
  checkEachItem(issues, `${at}.dependsOnImages`, image.dependsOnImages, (ref, refAt) => {
    if (checkObject(issues, refAt, ref)) imageRefIssues(issues, refAt, ref);
  });
};

export const artifactIssues = (issues: Issues, at: string, artifact: unknown): void => {
  if (!checkObject(issues, at, artifact)) return;
  checkString(issues, `${at}.artifactName`, artifact.artifactName, 1, 63);
  checkString(issues, `${at}.artifactIdentifier`, artifact.artifactIdentifier, 1, 511);
  checkString(issues, `${at}.artifactPath`, artifact.artifactPath, 1, 1023);
  if (!isAbsent(artifact.artifactVersion)) checkString(issues, `${at}.artifactVersion`, artifact.artifactVersion, 1, 31);
  checkEachItem(issues, `${at}.dependsOnComponents`, artifact.dependsOnComponents, (component, componentAt) => {
    if (!checkObject(issues, componentAt, component)) return;
    checkString(issues, `${componentAt}.componentName`, component.componentName, 1, Infinity);
    checkEachItem(issues, `${componentAt}.versions`, component.versions, (version, versionAt) =>
      checkString(issues, versionAt, version, 1, Infinity),
    );
  });
};

export const fileIssues = (issues: Issues, at: string, file: unknown): void => {
  if (!checkObject(issues, at, file)) return;
  checkString(issues, `${at}.fileName`, file.fileName, 1, 63);
  checkString(issues, `${at}.fileIdentifier`, file.fileIdentifier, 1, 511);
  checkString(issues, `${at}.fileMediaType`, file.fileMediaType, 1, 211);
  const contents = file.fileContents;
  if (typeof contents !== 'string' || contents === '' || !BASE64.test(contents)) {
    // The value is left out: it can be hundreds of kilobytes.
    issues.push({ path: `${at}.fileContents`, message: 'must be non-empty standard base64 with padding' });
  }
};

/** Checks the names; returns the dependency when its min/max can be compared next. */
export const dependencyIssues = (issues: Issues, at: string, dependency: unknown): Partial<Dependency> | null => {
  if (!checkObject(issues, at, dependency)) return null;
  checkString(issues, `${at}.componentName`, dependency.componentName, 1, Infinity);
  return dependency as Partial<Dependency>;
};
