import { recordColumns, type Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';
import type { CatalogPackageRow, CatalogVersionSetRow } from './catalog.rows.js';

// Every statement takes the whole batch as one parameter (a JSON array or parallel arrays):
// the number of round trips per batch is constant, whatever the number of events.

const PACKAGE_COLUMNS = recordColumns(`id text, title text, system text, aliases text[], description text,
  versioning jsonb, created_on timestamptz, created_by text, last_modified_on timestamptz, last_modified_by text,
  version bigint, created_seq bigint`);

/** The migration's function (schema-qualified: a rebuild writes tables of another schema). */
const SEARCH_VECTOR = 'public.catalog_package_search(r.title, r.description, r.aliases)';

export async function upsertPackages(db: Queryable, t: ReadModelTables, rows: CatalogPackageRow[]): Promise<void> {
  if (rows.length === 0) return;
  // `search` (the full-text vector, SPEC §4.6) is derived here from the same fields, so it never
  // lags the row and a rebuild fills it with the rest.
  await db.query(
    `INSERT INTO ${t.catalogPackages} (${PACKAGE_COLUMNS.names}, search)
       SELECT ${PACKAGE_COLUMNS.names}, ${SEARCH_VECTOR} FROM jsonb_to_recordset($1::jsonb) AS r(${PACKAGE_COLUMNS.typed})
     ON CONFLICT (id) DO UPDATE SET
       title = EXCLUDED.title, system = EXCLUDED.system, aliases = EXCLUDED.aliases,
       description = EXCLUDED.description, versioning = EXCLUDED.versioning,
       created_on = EXCLUDED.created_on, created_by = EXCLUDED.created_by,
       last_modified_on = EXCLUDED.last_modified_on, last_modified_by = EXCLUDED.last_modified_by,
       version = EXCLUDED.version, created_seq = EXCLUDED.created_seq, search = EXCLUDED.search`,
    [JSON.stringify(rows)],
  );
}

const SET_COLUMNS = recordColumns(`package_id text, number integer, version_constraint text,
  created_on timestamptz, created_by text, last_modified_on timestamptz, last_modified_by text, version bigint`);

export async function upsertVersionSets(db: Queryable, t: ReadModelTables, rows: CatalogVersionSetRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${t.catalogVersionSets} (${SET_COLUMNS.names})
       SELECT ${SET_COLUMNS.names} FROM jsonb_to_recordset($1::jsonb) AS r(${SET_COLUMNS.typed})
     ON CONFLICT (package_id, number) DO UPDATE SET
       version_constraint = EXCLUDED.version_constraint,
       created_on = EXCLUDED.created_on, created_by = EXCLUDED.created_by,
       last_modified_on = EXCLUDED.last_modified_on, last_modified_by = EXCLUDED.last_modified_by,
       version = EXCLUDED.version`,
    [JSON.stringify(rows)],
  );
}

export async function deletePackages(db: Queryable, t: ReadModelTables, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`DELETE FROM ${t.catalogVersionSets} WHERE package_id = ANY($1)`, [ids]);
  await db.query(`DELETE FROM ${t.catalogPackages} WHERE id = ANY($1)`, [ids]);
}

export async function deleteVersionSets(
  db: Queryable,
  t: ReadModelTables,
  keys: { package_id: string; number: number }[],
): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `DELETE FROM ${t.catalogVersionSets} v
      USING unnest($1::text[], $2::int[]) AS d(package_id, number)
      WHERE v.package_id = d.package_id AND v.number = d.number`,
    [keys.map((key) => key.package_id), keys.map((key) => key.number)],
  );
}
