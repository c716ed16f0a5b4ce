import {
  CATALOG_EVENT_TYPES,
  type CatalogEvent,
  type CatalogEventType,
} from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import {
  evolve,
  initialState,
  type CatalogPackageState,
} from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import { localTypeOf, type BatchEvent } from '../projector/batch.js';
import type { Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';
import {
  loadParts,
  netParts,
  partsNeeded,
  partsWrites,
  touchedParts,
  trackPart,
  writeParts,
  type PartsWrites,
  type TouchedParts,
} from './catalog-parts.projection.js';
import { toPackageRow, toState, toVersionSetRow, type CatalogPackageRow, type CatalogVersionSetRow } from './catalog.rows.js';
import { deletePackages, deleteVersionSets, upsertPackages, upsertVersionSets } from './catalog.sql.js';

type Folded = {
  state: CatalogPackageState;
  createdSeq: number;
  /** VersionSet numbers the batch touched → sequence of the last event on each. */
  touchedSets: Map<number, number>;
  touchedParts: TouchedParts;
};

/** The batch's catalog events and the stored state of the packages they continue. */
export type CatalogLoaded = { events: Aggregated[]; folded: Map<string, Folded> };

/** What the batch leaves behind: rows to write and keys to delete. */
export type CatalogWrites = {
  removed: string[];
  packages: CatalogPackageRow[];
  sets: CatalogVersionSetRow[];
  removedSets: { package_id: string; number: number }[];
  parts: PartsWrites;
};

/**
 * Applies the batch's catalog events with a constant number of statements: load the packages the
 * batch continues, fold every event with the write side's `evolve`, write the net result. The
 * steps are separate so a caller can let Node fold while Postgres writes something else.
 */
export async function loadCatalog(db: Queryable, tables: ReadModelTables, items: BatchEvent[]): Promise<CatalogLoaded> {
  const events = recordedEvents(items);
  if (events.length === 0) return { events, folded: new Map() };
  const continued = continuedPackages(events);
  return { events, folded: await loadStates(db, tables, continued, partsNeeded(events, continued)) };
}

export function foldCatalog({ events, folded }: CatalogLoaded): CatalogWrites {
  for (const event of events) fold(folded, event);
  return net(folded);
}

type Aggregated = Recorded<CatalogEvent> & { aggregateId: string };

function recordedEvents(items: BatchEvent[]): Aggregated[] {
  const events: Aggregated[] = [];
  for (const item of items) {
    const type = localTypeOf<CatalogEventType>(item, 'catalog', CATALOG_EVENT_TYPES);
    const event = item.event;
    if (!type || !event) continue;
    const meta = { version: item.seq, time: event.time, actor: event.actor };
    events.push({ type, data: event.data, meta, aggregateId: event.subject } as Aggregated);
  }
  return events;
}

/** Packages whose first event in this batch is not their creation: their rows must be read first. */
function continuedPackages(events: Aggregated[]): string[] {
  const firstType = new Map<string, string>();
  for (const event of events) if (!firstType.has(event.aggregateId)) firstType.set(event.aggregateId, event.type);
  return [...firstType].filter(([, type]) => type !== 'PackageCreated').map(([id]) => id);
}

async function loadStates(
  db: Queryable,
  tables: ReadModelTables,
  ids: string[],
  partIds: string[],
): Promise<Map<string, Folded>> {
  const folded = new Map<string, Folded>();
  if (ids.length === 0) return folded;
  const packages = await db.query<CatalogPackageRow>(`SELECT * FROM ${tables.catalogPackages} WHERE id = ANY($1)`, [ids]);
  const sets = await db.query<CatalogVersionSetRow>(
    `SELECT * FROM ${tables.catalogVersionSets} WHERE package_id = ANY($1)`,
    [ids],
  );
  const parts = await loadParts(db, tables, partIds);
  const setsOf = new Map<string, CatalogVersionSetRow[]>();
  for (const set of sets.rows) {
    const own = setsOf.get(set.package_id);
    if (own) own.push(set);
    else setsOf.set(set.package_id, [set]);
  }
  for (const row of packages.rows) {
    const state = toState(row, setsOf.get(row.id) ?? [], parts.get(row.id));
    folded.set(row.id, { state, createdSeq: row.created_seq, touchedSets: new Map(), touchedParts: touchedParts() });
  }
  return folded;
}

function fold(folded: Map<string, Folded>, event: Aggregated): void {
  let entry = folded.get(event.aggregateId);
  if (!entry) {
    entry = { state: initialState(), createdSeq: event.meta.version, touchedSets: new Map(), touchedParts: touchedParts() };
    folded.set(event.aggregateId, entry);
  }
  entry.state = evolve(entry.state, event);
  if (event.type.startsWith('VersionSet')) {
    entry.touchedSets.set((event.data as { number: number }).number, event.meta.version);
  } else {
    trackPart(entry.touchedParts, event);
  }
}

function net(folded: Map<string, Folded>): CatalogWrites {
  const writes: CatalogWrites = { removed: [], packages: [], sets: [], removedSets: [], parts: partsWrites() };
  for (const [id, { state, createdSeq, touchedSets, touchedParts: parts }] of folded) {
    if (state.status !== 'live') {
      writes.removed.push(id);
      continue;
    }
    writes.packages.push(toPackageRow(state, createdSeq));
    for (const [number, version] of touchedSets) {
      const set = state.versionSets[number];
      if (set) writes.sets.push(toVersionSetRow(id, set, version));
      else writes.removedSets.push({ package_id: id, number });
    }
    netParts(writes.parts, state, parts, touchedSets);
  }
  return writes;
}

export async function writeCatalog(db: Queryable, tables: ReadModelTables, writes: CatalogWrites): Promise<void> {
  await deletePackages(db, tables, writes.removed);
  await deleteVersionSets(db, tables, writes.removedSets);
  await upsertPackages(db, tables, writes.packages);
  await upsertVersionSets(db, tables, writes.sets);
  await writeParts(db, tables, writes.removed, writes.parts);
}
