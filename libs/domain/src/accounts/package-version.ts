// Versions of account packages: SemVer or the loose forms the seed uses (`22.09.1`, `v1.19.7`, `v1.22`).
import semver from 'semver';
import { ValidationError } from '../errors.js';

const LOOSE = { loose: true } as const;

/** The normalised SemVer of a loose version (`v1.22` → `1.22.0`), or null when it does not parse. */
export const parseLooseVersion = (version: string): string | null =>
  semver.valid(version, LOOSE) ?? semver.coerce(version, LOOSE)?.version ?? null;

/** SemVer precedence of two versions that parse loosely (negative, 0, positive). */
export const compareLooseVersions = (a: string, b: string): number => {
  const [left, right] = [parseLooseVersion(a), parseLooseVersion(b)];
  if (left === null || right === null) throw new TypeError(`not a version: ${left === null ? a : b}`);
  return semver.compare(left, right);
};

// Key layout, all ASCII so byte order (COLLATE "C") is character order:
//   major.minor.patch as 16 zero-padded digits each (SemVer caps them at 2^53 - 1),
//   then '~' for a release, or one token per prerelease identifier followed by '!'.
// Token kinds sort end '!' < numeric '#' < alphanumeric '$', all below '-' (the lowest character an
// identifier may hold), so a shorter identifier list and a shorter identifier sort first, numbers
// sort below words, and '~' (a release) sorts above any prerelease.
const MAIN_WIDTH = 16;
const RELEASE = '~';
const END = '!';
const NUMERIC = '#';
const ALPHANUMERIC = '$';

const numericToken = (digits: string): string => {
  const canonical = BigInt(digits).toString();
  return NUMERIC + String(canonical.length).padStart(3, '0') + canonical;
};

const prereleaseToken = (id: string | number): string =>
  /^[0-9]+$/.test(String(id)) ? numericToken(String(id)) : ALPHANUMERIC + String(id);

/**
 * A string whose byte-wise order is the SemVer precedence of the loose-parsed version, for the
 * read model's `orderBy=packageVersion` and `lt`/`gt` filters. Build metadata is ignored, as
 * precedence ignores it; the written string breaks ties. Throws ValidationError on a non-version.
 */
export const versionSortKey = (version: string): string => {
  const parsed = parseLooseVersion(version);
  if (parsed === null) {
    throw new ValidationError([{ path: 'packageVersion', message: 'is not a version', value: version }]);
  }
  const { major, minor, patch, prerelease } = new semver.SemVer(parsed);
  const main = [major, minor, patch].map((n) => String(n).padStart(MAIN_WIDTH, '0')).join('.');
  if (prerelease.length === 0) return main + RELEASE;
  return main + prerelease.map(prereleaseToken).join('') + END;
};
