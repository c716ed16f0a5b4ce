// Catalog PackageReleases from `catalog_releases`; their ETag is their package's version (SPEC §6).
// `version_key` orders by SemVer precedence, so "highest first" is `ORDER BY version_key DESC`.
import semver from 'semver';
import { versionSortKey } from '../../../../libs/domain/src/accounts/package-version.js';
import { releaseId } from '../../../../libs/domain/src/catalog/catalog-release.rules.js';
import { releaseRowFields, type ReleaseRow } from './catalog-parts.rows.js';
import type { Db } from './packages.query.js';

/** The PackageRelease body without `$schema`, in the schema's order. */
export type ReleaseBody = Record<string, unknown>;

const COLUMNS = `r.package_id, r.version_key, r.version, r.released_on, r.changes, r.prerelease, r.versionset_number,
  r.created_on, r.created_by, r.last_modified_on, r.last_modified_by`;

/** The release of `packageId` with the precedence of `version` (a valid SemVer version). */
export async function findRelease(db: Db, packageId: string, version: string): Promise<ReleaseBody | undefined> {
  const { rows } = await db.query<ReleaseRow>(`SELECT ${COLUMNS} FROM catalog_releases r WHERE r.package_id = $1 AND r.version_key = $2`, [
    packageId,
    versionSortKey(version),
  ]);
  return rows[0] && releaseBody(rows[0]);
}

/** The highest release that is not a prerelease. */
export async function latestRelease(db: Db, packageId: string): Promise<ReleaseBody | undefined> {
  const { rows } = await db.query<ReleaseRow>(
    `SELECT ${COLUMNS} FROM catalog_releases r WHERE r.package_id = $1 AND NOT r.prerelease ORDER BY r.version_key DESC LIMIT 1`,
    [packageId],
  );
  return rows[0] && releaseBody(rows[0]);
}

export type ReleaseFilter = {
  /** A node-semver range, evaluated with prereleases included (`prerelease` decides on those). */
  constraint?: string;
  versionSet?: number;
  prerelease: boolean;
};

export type ReleasePage = { items: ReleaseBody[]; last: string | undefined; more: boolean };

/** A page, highest version first, after the version key `after`. */
export async function listReleases(db: Db, packageId: string, filter: ReleaseFilter, after: string | undefined, limit: number): Promise<ReleasePage> {
  const keys = filter.constraint === undefined ? null : await keysInRange(db, packageId, filter, after, filter.constraint);
  const { rows } = await db.query<ReleaseRow>(
    `SELECT ${COLUMNS} FROM catalog_releases r ${WHERE} AND ($5::text[] IS NULL OR r.version_key = ANY($5::text[]))
      ORDER BY r.version_key DESC LIMIT $6`,
    [...whereValues(packageId, filter, after), keys, limit + 1],
  );
  const page = rows.slice(0, limit);
  return { items: page.map(releaseBody), last: page.at(-1)?.version_key, more: rows.length > limit };
}

const WHERE = `WHERE r.package_id = $1 AND ($2::int IS NULL OR r.versionset_number = $2::int)
  AND ($3::boolean OR NOT r.prerelease) AND ($4::text IS NULL OR r.version_key < $4::text)`;

const whereValues = (packageId: string, filter: ReleaseFilter, after: string | undefined): unknown[] => [
  packageId,
  filter.versionSet ?? null,
  filter.prerelease,
  after ?? null,
];

/** node-semver ranges are not SQL: the versions the other filters leave are matched here. */
async function keysInRange(db: Db, packageId: string, filter: ReleaseFilter, after: string | undefined, range: string): Promise<string[]> {
  const { rows } = await db.query<{ version_key: string; version: string }>(
    `SELECT r.version_key, r.version FROM catalog_releases r ${WHERE}`,
    whereValues(packageId, filter, after),
  );
  return rows.filter((row) => semver.satisfies(row.version, range, { includePrerelease: true })).map((row) => row.version_key);
}

export function releaseBody(row: ReleaseRow): ReleaseBody {
  const { version, released_on, changes, ...audit } = releaseRowFields(row);
  return {
    id: releaseId(row.package_id, version),
    package: row.package_id,
    version,
    ...(released_on === undefined ? {} : { released_on }),
    changes,
    versionset_number: row.versionset_number,
    ...audit,
  };
}
