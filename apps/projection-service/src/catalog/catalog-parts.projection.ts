// Components and releases in the catalog projection. The catalog projection folds every event with
// the write side's `evolve` (components and releases live in the package's state); this file says
// which rows that state touches: the parts the batch's events name, the components of deleted
// VersionSets, and — when a VersionSet changed — the VersionSet each release of the package lies in.
import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import { componentKey, liveVersionSets, type LiveCatalogPackage } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { releaseKey, versionSetHolding } from '../../../../libs/domain/src/catalog/catalog-release.rules.js';
import { versionSortKey } from '../../../../libs/domain/src/accounts/package-version.js';
import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import type { Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';
import { toComponentRow, toParts, toReleaseRow, type ComponentRow, type ReleaseRow } from './catalog-parts.rows.js';
import {
  deleteComponents,
  deletePackageParts,
  deleteReleases,
  deleteSetComponents,
  remapReleases,
  upsertComponents,
  upsertReleases,
  type ComponentKey,
  type ReleaseKey,
  type Remap,
} from './catalog-parts.sql.js';
import type { PartsState } from './catalog.rows.js';

/** The parts a batch's events named in one package, with the sequence of the last event on each. */
export type TouchedParts = {
  components: Map<string, { number: number; name: string; seq: number }>;
  releases: Map<string, { version: string; seq: number }>;
};

export const touchedParts = (): TouchedParts => ({ components: new Map(), releases: new Map() });

export type PartsWrites = {
  components: ComponentRow[];
  removedComponents: ComponentKey[];
  removedSetComponents: { package_id: string; number: number }[];
  releases: ReleaseRow[];
  removedReleases: ReleaseKey[];
  remaps: Remap[];
};

export const partsWrites = (): PartsWrites => ({
  components: [], removedComponents: [], removedSetComponents: [], releases: [], removedReleases: [], remaps: [],
});

/** Packages whose stored parts the fold needs: those the batch changes a VersionSet, component or release of. */
export function partsNeeded(events: readonly { type: string; aggregateId: string }[], continued: string[]): string[] {
  const touching = new Set(events.filter((event) => !event.type.startsWith('Package')).map((event) => event.aggregateId));
  return continued.filter((id) => touching.has(id));
}

export async function loadParts(db: Queryable, tables: ReadModelTables, ids: string[]): Promise<Map<string, PartsState>> {
  const parts = new Map<string, PartsState>();
  if (ids.length === 0) return parts;
  const components = await db.query<ComponentRow>(`SELECT * FROM ${tables.catalogComponents} WHERE package_id = ANY($1)`, [ids]);
  const releases = await db.query<ReleaseRow>(`SELECT * FROM ${tables.catalogReleases} WHERE package_id = ANY($1)`, [ids]);
  for (const id of ids) {
    parts.set(id, toParts(components.rows.filter((row) => row.package_id === id), releases.rows.filter((row) => row.package_id === id)));
  }
  return parts;
}

export function trackPart(touched: TouchedParts, event: Recorded<CatalogEvent>): void {
  const seq = event.meta.version;
  switch (event.type) {
    case 'ComponentCreated':
    case 'ComponentUpdated':
    case 'ComponentDeleted': {
      const { versionset_number: number, name } = event.data;
      touched.components.set(componentKey(number, name), { number, name, seq });
      return;
    }
    case 'ReleaseCreated':
    case 'ReleaseUpdated':
    case 'ReleaseDeleted':
      touched.releases.set(releaseKey(event.data.version), { version: event.data.version, seq });
      return;
    default:
      return;
  }
}

/**
 * The rows one live package's parts leave after the batch. `touchedSets` are the VersionSets the
 * batch changed (number → last sequence): a deleted one takes its components, and any change
 * re-resolves every release of the package, since a range that moves can take or drop any of them.
 */
export function netParts(
  writes: PartsWrites,
  state: LiveCatalogPackage,
  touched: TouchedParts,
  touchedSets: ReadonlyMap<number, number>,
): void {
  const id = state.id;
  for (const [number] of touchedSets) if (!state.versionSets[number]) writes.removedSetComponents.push({ package_id: id, number });
  for (const [key, { number, name, seq }] of touched.components) {
    const component = state.components[key];
    if (component) writes.components.push(toComponentRow(id, component, seq));
    else writes.removedComponents.push({ package_id: id, versionset_number: number, name });
  }
  const sets = liveVersionSets(state);
  for (const [key, { version, seq }] of touched.releases) {
    const release = state.releases[key];
    if (release) writes.releases.push(toReleaseRow(id, release, versionSetHolding(sets, release.version), seq));
    else writes.removedReleases.push({ package_id: id, version_key: versionSortKey(version) });
  }
  if (touchedSets.size === 0) return;
  for (const [key, release] of Object.entries(state.releases)) {
    if (touched.releases.has(key)) continue;
    writes.remaps.push({ package_id: id, version_key: versionSortKey(release.version), versionset_number: versionSetHolding(sets, release.version) });
  }
}

/** Deletes first: a part deleted and created again in one batch is only upserted (its net state). */
export async function writeParts(db: Queryable, tables: ReadModelTables, removedPackages: string[], writes: PartsWrites): Promise<void> {
  await deletePackageParts(db, tables, removedPackages);
  await deleteSetComponents(db, tables, writes.removedSetComponents);
  await deleteComponents(db, tables, writes.removedComponents);
  await deleteReleases(db, tables, writes.removedReleases);
  await upsertComponents(db, tables, writes.components);
  await upsertReleases(db, tables, writes.releases);
  await remapReleases(db, tables, writes.remaps);
}
