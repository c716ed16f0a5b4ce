import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import { evolve, initialState, type LiveCatalogPackage } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import { newPackageId, packageFields } from '../testing/event.factories.js';
import { netParts, partsNeeded, partsWrites, touchedParts, trackPart } from './catalog-parts.projection.js';

const ACTOR = '6f1c2a8e-0000-4000-8000-000000000001';

/** Folds `events` (sequence = index + 1) and tracks what they touched, as the projector does per batch. */
function batch(events: CatalogEvent[]) {
  const touched = touchedParts();
  const sets = new Map<number, number>();
  let state = initialState();
  events.forEach((event, index) => {
    const recorded = { ...event, meta: { version: index + 1, time: '2025-01-01T00:00:00.000Z', actor: ACTOR } } as Recorded<CatalogEvent>;
    state = evolve(state, recorded);
    if (event.type.startsWith('VersionSet')) sets.set((event.data as { number: number }).number, index + 1);
    else trackPart(touched, recorded);
  });
  const writes = partsWrites();
  netParts(writes, state as LiveCatalogPackage, touched, sets);
  return writes;
}

describe('catalog projection: which part rows a batch writes', () => {
  const pkg = newPackageId();
  const created: CatalogEvent = { type: 'PackageCreated', data: packageFields(pkg) as never };
  const release = (version: string): CatalogEvent => ({ type: 'ReleaseCreated', data: { package: pkg, version, changes: [] } });
  const component = (number: number, name: string): CatalogEvent => ({
    type: 'ComponentCreated', data: { package: pkg, versionset_number: number, name, title: name, primary: false },
  });

  test('a part deleted and created again in one batch is written once, from its last state', () => {
    const writes = batch([
      created, release('v1.0.0'), { type: 'ReleaseDeleted', data: { package: pkg, version: '1.0.0' } }, release('1.0.0'),
    ]);
    expect(writes.releases.map((row) => [row.version, row.seq])).toEqual([['1.0.0', 4]]);
    expect(writes.removedReleases).toEqual([]);
  });

  test('a VersionSet change re-resolves the releases the batch did not write, prereleases included', () => {
    const writes = batch([
      created, release('1.0.0'), release('2.0.0-rc.1'),
      { type: 'VersionSetCreated', data: { package: pkg, number: 1, version_constraint: '<2.0.0' } },
      release('0.5.0'),
    ]);
    expect(writes.releases.map((row) => [row.version, row.versionset_number])).toEqual([['1.0.0', 1], ['2.0.0-rc.1', 1], ['0.5.0', 1]]);
    expect(writes.remaps).toEqual([]);
    const moved = batch([created, { type: 'VersionSetCreated', data: { package: pkg, number: 1, version_constraint: '>=1' } }]);
    expect(moved.remaps).toEqual([]);
  });

  test('a deleted VersionSet takes its components; a deleted component is removed by key', () => {
    const writes = batch([
      created, { type: 'VersionSetCreated', data: { package: pkg, number: 1, version_constraint: '<1' } }, component(1, 'a'), component(1, 'b'),
      { type: 'ComponentDeleted', data: { package: pkg, versionset_number: 1, name: 'b' } },
      { type: 'VersionSetDeleted', data: { package: pkg, number: 1 } },
    ]);
    expect(writes.removedSetComponents).toEqual([{ package_id: pkg, number: 1 }]);
    expect(writes.components).toEqual([]);
    expect(writes.removedComponents.map((key) => key.name).sort()).toEqual(['a', 'b']);
  });

  test('only packages the batch continues and changes a VersionSet, component or release of need their parts loaded', () => {
    const events = [
      { type: 'PackageUpdated', aggregateId: 'a' }, { type: 'ReleaseCreated', aggregateId: 'b' },
      { type: 'VersionSetDeleted', aggregateId: 'c' }, { type: 'ComponentCreated', aggregateId: 'd' },
    ];
    expect(partsNeeded(events, ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });
});
