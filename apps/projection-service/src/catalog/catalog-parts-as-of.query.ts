// A package's components and releases as they were at a point in time (SPEC §4.6): taken from the
// package folded to that point (package-as-of.query.ts) and rendered through the same row mappers as
// the read models, so an answer then is byte for byte what the live read answered then.
import semver from 'semver';
import { versionSortKey } from '../../../../libs/domain/src/accounts/package-version.js';
import { liveVersionSets, type LiveCatalogPackage } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { versionSetHolding } from '../../../../libs/domain/src/catalog/catalog-release.rules.js';
import { toComponentRow, toReleaseRow, type ReleaseRow } from './catalog-parts.rows.js';
import { componentBody, type ComponentBody } from './components.query.js';
import { releaseBody, type ReleaseBody, type ReleaseFilter, type ReleasePage } from './releases.query.js';

/** Byte order of the UTF-8 encodings, as Postgres's `COLLATE "C"` orders the live lists. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The VersionSet's components by name; undefined when the VersionSet did not exist then. */
export function componentsAsOf(state: LiveCatalogPackage, number: number): ComponentBody[] | undefined {
  if (!state.versionSets[number]) return undefined;
  return Object.values(state.components)
    .filter((component) => component.versionset_number === number)
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((component) => componentBody(toComponentRow(state.id, component, state.version)));
}

export function componentAsOf(state: LiveCatalogPackage, number: number, name: string): ComponentBody | undefined {
  return componentsAsOf(state, number)?.find((component) => component['name'] === name);
}

/** Every release then, highest version first, each with the VersionSet that held it then. */
function releaseRowsAsOf(state: LiveCatalogPackage): ReleaseRow[] {
  const sets = liveVersionSets(state);
  return Object.values(state.releases)
    .map((release) => toReleaseRow(state.id, release, versionSetHolding(sets, release.version), state.version))
    .sort((a, b) => byteOrder(b.version_key, a.version_key));
}

/** A page of releases then, with the live list's filters and version-key paging. */
export function releasesAsOf(state: LiveCatalogPackage, filter: ReleaseFilter, after: string | undefined, limit: number): ReleasePage {
  const rows = releaseRowsAsOf(state).filter(
    (row) =>
      (filter.versionSet === undefined || row.versionset_number === filter.versionSet) &&
      (filter.prerelease || !row.prerelease) &&
      (after === undefined || byteOrder(row.version_key, after) < 0) &&
      (filter.constraint === undefined || semver.satisfies(row.version, filter.constraint, { includePrerelease: true })),
  );
  const page = rows.slice(0, limit);
  return { items: page.map(releaseBody), last: page.at(-1)?.version_key, more: rows.length > limit };
}

/** The release of equal SemVer precedence then, or the highest that is not a prerelease (`latest`). */
export function releaseAsOf(state: LiveCatalogPackage, version: string | 'latest'): ReleaseBody | undefined {
  const rows = releaseRowsAsOf(state);
  const row = version === 'latest' ? rows.find((r) => !r.prerelease) : rows.find((r) => r.version_key === versionSortKey(version));
  return row && releaseBody(row);
}
