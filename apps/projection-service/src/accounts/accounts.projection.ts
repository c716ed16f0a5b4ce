import {
  ACCOUNT_PACKAGE_EVENT_TYPES,
  type AccountPackageEvent,
  type AccountPackageEventType,
  type AccountPackageResource,
} from '../../../../libs/domain/src/accounts/account-package.events.js';
import { evolve, type LiveAccountPackage } from '../../../../libs/domain/src/accounts/account-package.state.js';
import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import { localTypeOf, type BatchEvent } from '../projector/batch.js';
import { recordColumns, type Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';
import { createdResource, toRow, type AccountPackageRow } from './accounts.rows.js';

type Key = { accountId: string; id: string };
/**
 * Net state of one package after the batch: a row, or null when deleted (or never created).
 * `filesKept`: the row was loaded without `files` (no transition after creation touches them, and
 * they are most of a bundle's bytes), so the write keeps the stored ones.
 */
type Folded = { key: Key; row: AccountPackageRow | null; filesKept: boolean };

const keyOf = (key: Key): string => `${key.accountId}/${key.id}`;

type Item = { key: Key; type: AccountPackageEventType; data: unknown; seq: number; time: string; actor: string };

/** The batch's account package events and the stored rows of the packages they continue. */
export type AccountsLoaded = { events: Item[]; folded: Map<string, Folded> };

/** What the batch leaves behind: rows written whole, and rows whose stored `files` stay as they are. */
export type AccountsWrites = { removed: Key[]; rows: AccountPackageRow[]; kept: AccountPackageRow[] };

/**
 * Applies the batch's account package events: one load of continued packages, one delete, one
 * upsert. The steps are separate so a caller can let Node fold while Postgres writes something else.
 */
export async function loadAccounts(db: Queryable, tables: ReadModelTables, items: BatchEvent[]): Promise<AccountsLoaded> {
  const events = accountEvents(items);
  if (events.length === 0) return { events, folded: new Map() };
  return { events, folded: await load(db, tables, continued(events)) };
}

export function foldAccounts({ events, folded }: AccountsLoaded): AccountsWrites {
  for (const event of events) fold(folded, event);
  const writes: AccountsWrites = { removed: [], rows: [], kept: [] };
  for (const entry of folded.values()) {
    if (!entry.row) writes.removed.push(entry.key);
    else (entry.filesKept ? writes.kept : writes.rows).push(entry.row);
  }
  return writes;
}

export async function writeAccounts(db: Queryable, tables: ReadModelTables, writes: AccountsWrites): Promise<void> {
  await remove(db, tables, writes.removed);
  await upsert(db, tables, writes.rows);
  await updateKeepingFiles(db, tables, writes.kept);
}

function accountEvents(items: BatchEvent[]): Item[] {
  const events: Item[] = [];
  for (const item of items) {
    const type = localTypeOf<AccountPackageEventType>(item, 'accounts', ACCOUNT_PACKAGE_EVENT_TYPES);
    const { event, accountId } = item;
    if (!type || !event || !accountId) continue;
    const key = { accountId, id: event.subject };
    events.push({ key, type, data: event.data, seq: item.seq, time: event.time, actor: event.actor });
  }
  return events;
}

function continued(events: Item[]): Key[] {
  const first = new Map<string, Item>();
  for (const event of events) if (!first.has(keyOf(event.key))) first.set(keyOf(event.key), event);
  return [...first.values()].filter((event) => event.type !== 'PackageCreated').map((event) => event.key);
}

async function load(db: Queryable, tables: ReadModelTables, keys: Key[]): Promise<Map<string, Folded>> {
  const folded = new Map<string, Folded>();
  if (keys.length === 0) return folded;
  const { rows } = await db.query<AccountPackageRow>(
    `SELECT ${LOADED} FROM ${tables.accountPackages}
      WHERE (account_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map((key) => key.accountId), keys.map((key) => key.id)],
  );
  for (const row of rows) {
    const key = { accountId: row.account_id, id: row.id };
    folded.set(keyOf(key), { key, row, filesKept: true });
  }
  return folded;
}

/** Mirrors the write side: a create applies once, a change or delete needs a live package. */
function fold(folded: Map<string, Folded>, event: Item): void {
  const entry = folded.get(keyOf(event.key)) ?? { key: event.key, row: null, filesKept: false };
  folded.set(keyOf(event.key), entry);
  switch (event.type) {
    case 'PackageCreated':
      if (entry.row === null) {
        entry.row = toRow(event.key.accountId, createdResource(event.data as AccountPackageResource), event.seq, event.seq);
        entry.filesKept = false;
      }
      return;
    case 'PackageStateChanged':
      if (entry.row) entry.row = changed(entry.row, event);
      return;
    case 'PackageDeleted':
      entry.row = null;
      return;
    default: {
      const _exhaustive: never = event.type;
      return _exhaustive;
    }
  }
}

/** The write side's `evolve` applies the change: state, details and labels, stamped from the envelope. */
function changed(row: AccountPackageRow, event: Item): AccountPackageRow {
  const live: LiveAccountPackage = { status: 'live', resource: row.resource, version: row.version };
  const meta = { version: event.seq, time: event.time, actor: event.actor };
  const next = evolve(live, { type: 'PackageStateChanged', data: event.data, meta } as Recorded<AccountPackageEvent>) as LiveAccountPackage;
  return toRow(row.account_id, next.resource, row.created_seq, event.seq);
}

async function remove(db: Queryable, tables: ReadModelTables, keys: Key[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `DELETE FROM ${tables.accountPackages} p USING unnest($1::text[], $2::text[]) AS d(account_id, id)
      WHERE p.account_id = d.account_id AND p.id = d.id`,
    [keys.map((key) => key.accountId), keys.map((key) => key.id)],
  );
}

const COLUMNS = recordColumns(`account_id text, id text, resource jsonb, package_name text, package_version text,
  package_version_key text, package_type text, severity_level text, package_state text,
  creation_timestamp timestamptz, created_seq bigint, version bigint`);

/** The stored row without `resource.files`: a state change never needs them. */
const LOADED = COLUMNS.names.replace('resource', "resource - 'files' AS resource");

/** Rows loaded without their files: everything is replaced except the stored `files`. */
async function updateKeepingFiles(db: Queryable, tables: ReadModelTables, rows: AccountPackageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE ${tables.accountPackages} p SET
       resource = r.resource || CASE WHEN p.resource ? 'files' THEN jsonb_build_object('files', p.resource -> 'files') ELSE '{}'::jsonb END,
       package_name = r.package_name, package_version = r.package_version, package_version_key = r.package_version_key,
       package_type = r.package_type, severity_level = r.severity_level, package_state = r.package_state,
       creation_timestamp = r.creation_timestamp, created_seq = r.created_seq, version = r.version
       FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS.typed})
      WHERE p.account_id = r.account_id AND p.id = r.id`,
    [JSON.stringify(rows)],
  );
}

async function upsert(db: Queryable, tables: ReadModelTables, rows: AccountPackageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${tables.accountPackages} (${COLUMNS.names})
       SELECT ${COLUMNS.names} FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS.typed})
     ON CONFLICT (account_id, id) DO UPDATE SET
       resource = EXCLUDED.resource, package_name = EXCLUDED.package_name,
       package_version = EXCLUDED.package_version, package_version_key = EXCLUDED.package_version_key,
       package_type = EXCLUDED.package_type, severity_level = EXCLUDED.severity_level,
       package_state = EXCLUDED.package_state, creation_timestamp = EXCLUDED.creation_timestamp,
       created_seq = EXCLUDED.created_seq, version = EXCLUDED.version`,
    [JSON.stringify(rows)],
  );
}
