import type { Queryable } from '../projector/queryable.js';
import { LIVE_SCHEMA, READ_MODEL_TABLE_NAMES } from '../projector/read-model-tables.js';

// The new projection version's tables are copied from the live ones as the migrations left them,
// so a rebuild never needs DDL of its own: columns first (with only the primary keys the upserts
// need), every other index and constraint after the bulk load.

export async function createBareTables(db: Queryable, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.query(`CREATE SCHEMA ${schema}`);
  for (const table of READ_MODEL_TABLE_NAMES) {
    await db.query(
      `CREATE TABLE ${schema}.${table} (LIKE ${LIVE_SCHEMA}.${table} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY)`,
    );
    for (const definition of await constraintDefinitions(db, table, ['p'])) {
      await db.query(`ALTER TABLE ${schema}.${table} ADD ${definition}`);
    }
  }
}

export async function addIndexesAndConstraints(db: Queryable, schema: string): Promise<void> {
  for (const table of READ_MODEL_TABLE_NAMES) {
    for (const definition of await constraintDefinitions(db, table, ['u', 'c', 'x'])) {
      await db.query(`ALTER TABLE ${schema}.${table} ADD ${definition}`);
    }
    for (const definition of await indexDefinitions(db, table)) {
      await db.query(definition.replace(` ON ${LIVE_SCHEMA}.${table} `, ` ON ${schema}.${table} `));
    }
    await db.query(`ANALYZE ${schema}.${table}`);
  }
}

/** `CONSTRAINT name PRIMARY KEY (...)` etc. of a live table (names kept: the schema tells them apart). */
async function constraintDefinitions(db: Queryable, table: string, kinds: string[]): Promise<string[]> {
  const { rows } = await db.query<{ definition: string }>(
    `SELECT format('CONSTRAINT %I %s', c.conname, pg_get_constraintdef(c.oid)) AS definition
       FROM pg_constraint c
      WHERE c.conrelid = format('%I.%I', $1::text, $2::text)::regclass AND c.contype = ANY($3)
      ORDER BY c.conname`,
    [LIVE_SCHEMA, table, kinds],
  );
  return rows.map((row) => row.definition);
}

/** `CREATE INDEX ...` of a live table's indexes that no constraint owns. */
async function indexDefinitions(db: Queryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = format('%I.%I', $1::text, $2::text)::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY i.indexrelid`,
    [LIVE_SCHEMA, table],
  );
  return rows.map((row) => row.definition);
}
