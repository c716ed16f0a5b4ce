// Catalog PackageComponents from `catalog_components`; their ETag is their package's version (SPEC §6).
import { componentRowFields, type ComponentRow } from './catalog-parts.rows.js';
import { refCondition, type Db, type PackageRef } from './packages.query.js';

/** The PackageComponent body without `$schema`, in the schema's order. */
export type ComponentBody = Record<string, unknown>;

const COLUMNS = `c.package_id, c.versionset_number, c.name, c.title, c.is_primary, c.description,
  c.created_on, c.created_by, c.last_modified_on, c.last_modified_by`;

/** One component of a live VersionSet of a live package, with the package's version for the ETag. */
export async function findComponent(
  db: Db,
  ref: PackageRef,
  number: number | null,
  name: string,
): Promise<{ packageVersion: number; body: ComponentBody } | undefined> {
  if (ref === undefined || number === null) return undefined;
  const { rows } = await db.query<ComponentRow & { package_version: number }>(
    `SELECT ${COLUMNS}, p.version AS package_version
       FROM catalog_components c JOIN catalog_packages p ON p.id = c.package_id
      WHERE ${refCondition(ref, 'p', 1)} AND c.versionset_number = $2::bigint AND c.name = $3`,
    [ref.value, number, name],
  );
  const row = rows[0];
  return row && { packageVersion: row.package_version, body: componentBody(row) };
}

export type ComponentPage = { items: ComponentBody[]; last: string | undefined; more: boolean };

/** A page of one VersionSet's components by name (byte order), after `after`. */
export async function listComponents(
  db: Db,
  packageId: string,
  number: number,
  after: string | undefined,
  limit: number,
): Promise<ComponentPage> {
  const { rows } = await db.query<ComponentRow>(
    `SELECT ${COLUMNS} FROM catalog_components c
      WHERE c.package_id = $1 AND c.versionset_number = $2 AND ($3::text IS NULL OR c.name > $3::text)
      ORDER BY c.name LIMIT $4`,
    [packageId, number, after ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  return { items: page.map(componentBody), last: page.at(-1)?.name, more: rows.length > limit };
}

export function componentBody(row: ComponentRow): ComponentBody {
  const { versionset_number, name, ...rest } = componentRowFields(row);
  return { name, package: row.package_id, versionset_number, ...rest };
}
