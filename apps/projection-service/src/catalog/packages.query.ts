// Catalog Packages from `catalog_packages` (docs/read-models.md): plain SQL, rows rendered as the seed Package.
import type pg from 'pg';
import { isAlias, isPackageId } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import type { CatalogFilter } from '../query/catalog-filter.js';
import { packageRowFields, type CatalogPackageRow } from './catalog.rows.js';

export type Db = Pick<pg.Pool, 'query'>;

/** The seed Package without `$schema` (the controller adds it for single resources). */
export type PackageBody = Record<string, unknown>;
export type FoundPackage = { id: string; version: number; body: PackageBody };

const COLUMNS =
  'id, title, system, aliases, description, versioning, created_on, created_by, last_modified_on, last_modified_by, version, created_seq';

/** `{package}` in a path: a `pkg_` id or an alias; anything else cannot name a package (404). */
export type PackageRef = { by: 'id'; value: string } | { by: 'alias'; value: string } | undefined;

export function packageRef(text: string): PackageRef {
  if (isPackageId(text)) return { by: 'id', value: text };
  if (isAlias(text)) return { by: 'alias', value: text };
  return undefined;
}

/** SQL condition on `catalog_packages` (aliased `alias`) naming the package by id or alias, with `$n`. */
export function refCondition(ref: NonNullable<PackageRef>, table: string, n: number): string {
  return ref.by === 'id' ? `${table}.id = $${n}` : `${table}.aliases @> ARRAY[$${n}::text]`;
}

/**
 * Named, so each pooled connection parses and plans them once: GET by id is the hottest read.
 * Postgres re-analyses a prepared statement after DDL on its tables, so a rebuild's table swap
 * is seen as it is by an unnamed query.
 */
const FIND_PACKAGE = {
  id: { name: 'catalog-package-by-id', text: `SELECT ${COLUMNS} FROM catalog_packages p WHERE ${refCondition({ by: 'id', value: '' }, 'p', 1)}` },
  alias: { name: 'catalog-package-by-alias', text: `SELECT ${COLUMNS} FROM catalog_packages p WHERE ${refCondition({ by: 'alias', value: '' }, 'p', 1)}` },
};

/** A live package by id or alias (aliases resolve only while their package lives). */
export async function findPackage(db: Db, ref: PackageRef): Promise<FoundPackage | undefined> {
  if (ref === undefined) return undefined;
  const { rows } = await db.query<CatalogPackageRow>({ ...FIND_PACKAGE[ref.by], values: [ref.value] });
  const row = rows[0];
  return row && { id: row.id, version: row.version, body: packageRowFields(row) };
}

export type PackagePage = { items: PackageBody[]; last: number | undefined; more: boolean };

/** One page in creation order after `after` (a `created_seq`); `more` when another page follows. */
export async function listPackages(db: Db, filter: CatalogFilter, after: number, limit: number): Promise<PackagePage> {
  const { rows } = await db.query<CatalogPackageRow>(
    `SELECT ${COLUMNS} FROM catalog_packages
      WHERE created_seq > $1
        AND (cardinality($2::text[]) = 0 OR system = ANY($2::text[]))
        AND (cardinality($3::text[]) = 0 OR aliases && $3::text[])
      ORDER BY created_seq LIMIT $4`,
    [after, filter.system, filter.alias, limit + 1],
  );
  const page = rows.slice(0, limit);
  return { items: page.map(packageRowFields), last: page.at(-1)?.created_seq, more: rows.length > limit };
}
