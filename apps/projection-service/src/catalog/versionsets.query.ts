// Catalog VersionSets from `catalog_version_sets`; their ETag is their package's version (SPEC §6).
import { rangeHolds } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import { versionSetRowFields, type CatalogVersionSetRow } from './catalog.rows.js';
import { refCondition, type Db, type PackageRef } from './packages.query.js';

type VersionSetRow = Omit<CatalogVersionSetRow, 'version'>;

/** The seed PackageVersionSet without `$schema`. */
export type VersionSetBody = Record<string, unknown>;

const COLUMNS = 'vs.package_id, vs.number, vs.version_constraint, vs.created_on, vs.created_by, vs.last_modified_on, vs.last_modified_by';

/**
 * One live VersionSet of a live package, with the package's version for the ETag. Numbers from
 * paths and page tokens reach 2^53; compared as bigint, one past the int4 column is simply absent.
 */
export async function findVersionSet(
  db: Db,
  ref: PackageRef,
  number: number | null,
): Promise<{ packageVersion: number; body: VersionSetBody } | undefined> {
  if (ref === undefined || number === null) return undefined;
  const { rows } = await db.query<VersionSetRow & { package_version: number }>(
    `SELECT ${COLUMNS}, p.version AS package_version
       FROM catalog_version_sets vs JOIN catalog_packages p ON p.id = vs.package_id
      WHERE ${refCondition(ref, 'p', 1)} AND vs.number = $2::bigint`,
    [ref.value, number],
  );
  const row = rows[0];
  return row && { packageVersion: row.package_version, body: versionSetBody(row) };
}

export type VersionSetPage = { items: VersionSetBody[]; last: number | undefined; more: boolean };

/** A page of a package's VersionSets by number, after `after`. */
export async function listVersionSets(db: Db, packageId: string, after: number, limit: number): Promise<VersionSetPage> {
  const { rows } = await db.query<VersionSetRow>(
    `SELECT ${COLUMNS} FROM catalog_version_sets vs WHERE vs.package_id = $1 AND vs.number > $2::bigint ORDER BY vs.number LIMIT $3`,
    [packageId, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  return { items: page.map(versionSetBody), last: page.at(-1)?.number, more: rows.length > limit };
}

/**
 * The VersionSet whose range holds `version` (live ranges of a package never intersect, so at most
 * one). Ranges are node-semver expressions, so the match runs here over the package's rows.
 */
export async function versionSetHolding(db: Db, packageId: string, version: string): Promise<VersionSetBody | undefined> {
  const { rows } = await db.query<VersionSetRow>(`SELECT ${COLUMNS} FROM catalog_version_sets vs WHERE vs.package_id = $1 ORDER BY vs.number`, [
    packageId,
  ]);
  const row = rows.find((candidate) => rangeHolds(candidate.version_constraint, version));
  return row && versionSetBody(row);
}

function versionSetBody(row: VersionSetRow): VersionSetBody {
  return { package: row.package_id, ...versionSetRowFields(row) };
}
