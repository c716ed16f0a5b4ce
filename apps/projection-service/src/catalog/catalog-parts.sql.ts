import { recordColumns, type Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';
import type { ComponentRow, ReleaseRow } from './catalog-parts.rows.js';

// As catalog.sql.ts: each statement takes the whole batch as one parameter.

export type ComponentKey = { package_id: string; versionset_number: number; name: string };
export type ReleaseKey = { package_id: string; version_key: string };
export type Remap = ReleaseKey & { versionset_number: number | null };

const COMPONENT_COLUMNS = recordColumns(`package_id text, versionset_number integer, name text, title text,
  is_primary boolean, description text, created_on timestamptz, created_by text, last_modified_on timestamptz,
  last_modified_by text, seq bigint`);

const RELEASE_COLUMNS = recordColumns(`package_id text, version_key text, version text, released_on text,
  changes jsonb, prerelease boolean, versionset_number integer, created_on timestamptz, created_by text,
  last_modified_on timestamptz, last_modified_by text, seq bigint`);

const overwrite = (names: string, keys: string[]): string =>
  names.split(', ').filter((name) => !keys.includes(name)).map((name) => `${name} = EXCLUDED.${name}`).join(', ');

export async function upsertComponents(db: Queryable, t: ReadModelTables, rows: ComponentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${t.catalogComponents} (${COMPONENT_COLUMNS.names})
       SELECT ${COMPONENT_COLUMNS.names} FROM jsonb_to_recordset($1::jsonb) AS r(${COMPONENT_COLUMNS.typed})
     ON CONFLICT (package_id, versionset_number, name) DO UPDATE SET
       ${overwrite(COMPONENT_COLUMNS.names, ['package_id', 'versionset_number', 'name'])}`,
    [JSON.stringify(rows)],
  );
}

export async function upsertReleases(db: Queryable, t: ReadModelTables, rows: ReleaseRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${t.catalogReleases} (${RELEASE_COLUMNS.names})
       SELECT ${RELEASE_COLUMNS.names} FROM jsonb_to_recordset($1::jsonb) AS r(${RELEASE_COLUMNS.typed})
     ON CONFLICT (package_id, version_key) DO UPDATE SET
       ${overwrite(RELEASE_COLUMNS.names, ['package_id', 'version_key'])}`,
    [JSON.stringify(rows)],
  );
}

export async function deleteComponents(db: Queryable, t: ReadModelTables, keys: ComponentKey[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `DELETE FROM ${t.catalogComponents} c
      USING unnest($1::text[], $2::int[], $3::text[]) AS d(package_id, versionset_number, name)
      WHERE c.package_id = d.package_id AND c.versionset_number = d.versionset_number AND c.name = d.name`,
    [keys.map((k) => k.package_id), keys.map((k) => k.versionset_number), keys.map((k) => k.name)],
  );
}

/** The components of deleted VersionSets go with them. */
export async function deleteSetComponents(db: Queryable, t: ReadModelTables, sets: { package_id: string; number: number }[]): Promise<void> {
  if (sets.length === 0) return;
  await db.query(
    `DELETE FROM ${t.catalogComponents} c
      USING unnest($1::text[], $2::int[]) AS d(package_id, number)
      WHERE c.package_id = d.package_id AND c.versionset_number = d.number`,
    [sets.map((s) => s.package_id), sets.map((s) => s.number)],
  );
}

export async function deleteReleases(db: Queryable, t: ReadModelTables, keys: ReleaseKey[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `DELETE FROM ${t.catalogReleases} r
      USING unnest($1::text[], $2::text[]) AS d(package_id, version_key)
      WHERE r.package_id = d.package_id AND r.version_key = d.version_key`,
    [keys.map((k) => k.package_id), keys.map((k) => k.version_key)],
  );
}

/** Points releases at the VersionSet now holding them; rows already right are not rewritten. */
export async function remapReleases(db: Queryable, t: ReadModelTables, remaps: Remap[]): Promise<void> {
  if (remaps.length === 0) return;
  await db.query(
    `UPDATE ${t.catalogReleases} r SET versionset_number = m.number
       FROM unnest($1::text[], $2::text[], $3::int[]) AS m(package_id, version_key, number)
      WHERE r.package_id = m.package_id AND r.version_key = m.version_key
        AND r.versionset_number IS DISTINCT FROM m.number`,
    [remaps.map((m) => m.package_id), remaps.map((m) => m.version_key), remaps.map((m) => m.versionset_number)],
  );
}

/** Everything of deleted packages. */
export async function deletePackageParts(db: Queryable, t: ReadModelTables, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`DELETE FROM ${t.catalogComponents} WHERE package_id = ANY($1)`, [ids]);
  await db.query(`DELETE FROM ${t.catalogReleases} WHERE package_id = ANY($1)`, [ids]);
}
