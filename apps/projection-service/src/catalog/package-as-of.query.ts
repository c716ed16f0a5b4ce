// A catalog Package (and its VersionSets) as it was at a point in time (SPEC §4.6), folded from its
// recorded history with libs/domain's `evolve` — the write side's own rule, as the projector uses.
import { CATALOG_EVENT_TYPES, type CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import {
  evolve,
  initialState,
  type LiveCatalogPackage,
  type VersionSetState,
} from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import { HistoryFolds, recordedEvent, type AsOf } from '../query/point-in-time.js';
import { packageRowFields, toPackageRow, versionSetRowFields } from './catalog.rows.js';
import { findPackage, type Db, type PackageBody, type PackageRef } from './packages.query.js';

/**
 * The package live at `asOf`, or undefined (404): it did not exist yet or was deleted by then. An
 * alias names the package that holds it now, as for history: a freed alias may have named another
 * package before, and the path says which package is asked about, not which alias it had.
 */
export async function packageAsOf(db: Db, ref: PackageRef, asOf: AsOf): Promise<LiveCatalogPackage | undefined> {
  if (ref === undefined) return undefined;
  const id = ref.by === 'id' ? ref.value : (await findPackage(db, ref))?.id;
  if (id === undefined) return undefined;
  const state = await FOLDS.at(db, catalogSubject(id), asOf);
  return state.status === 'live' ? state : undefined;
}

const FOLDS = new HistoryFolds(initialState, (state, row) => {
  const event = recordedEvent(row, 'catalog', CATALOG_EVENT_TYPES);
  return event ? evolve(state, event as Recorded<CatalogEvent>) : state;
});

/** The seed Package without `$schema`, exactly as the read model renders the same state. */
export const packageBodyAsOf = (state: LiveCatalogPackage): PackageBody => packageRowFields(toPackageRow(state, 0));

/** The seed PackageVersionSet without `$schema`. */
export const versionSetBodyAsOf = (state: LiveCatalogPackage, set: VersionSetState): Record<string, unknown> => ({
  package: state.id,
  ...versionSetRowFields(set),
});
