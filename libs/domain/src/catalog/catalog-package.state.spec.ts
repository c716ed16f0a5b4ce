import { evolve, initialState, liveVersionSets } from './catalog-package.state.js';
import {
  ACTOR,
  given,
  packageCreated,
  packageFields,
  recorded,
  versionSetCreated,
  versionSetDeleted,
} from './catalog-package.test-factories.js';

const EDITOR = '2b1c0d9e-8f7a-4b6c-9d5e-4f3a2b1c0d9e';

describe('catalog evolve', () => {
  test('PackageCreated sets the fields, audit fields from meta and version from the stream sequence', () => {
    const pkg = packageFields();
    const [event] = recorded([packageCreated(pkg)], { version: 17, time: '2025-01-02T03:04:05.678Z' });
    expect(evolve(initialState(), event!)).toEqual({
      ...pkg,
      status: 'live',
      created_by: ACTOR,
      created_on: '2025-01-02T03:04:05.678Z',
      last_modified_by: ACTOR,
      last_modified_on: '2025-01-02T03:04:05.678Z',
      version: 17,
      versionSets: {},
      highestNumber: 0,
    });
  });

  test('PackageUpdated replaces the fields, keeps created_*, moves last_modified_* and version', () => {
    const pkg = packageFields();
    const created = given(packageCreated(pkg));
    const [update] = recorded([{ type: 'PackageUpdated', data: { ...pkg, description: null, aliases: [] } }], {
      version: 5, actor: EDITOR, time: '2025-06-01T00:00:00.000Z',
    });
    const state = evolve(created, update!);
    expect(state).toMatchObject({ aliases: [], created_by: ACTOR, last_modified_by: EDITOR, version: 5 });
    expect(state).not.toHaveProperty('description');
  });

  test('VersionSet events keep their own audit fields and highestNumber never goes down', () => {
    const pkg = packageFields();
    const events = recorded([packageCreated(pkg), versionSetCreated(pkg.id, 1, '<1'), versionSetCreated(pkg.id, 2, '>=1')]);
    const [update, remove] = recorded(
      [{ type: 'VersionSetUpdated', data: { package: pkg.id, number: 1, version_constraint: '<0.9' } }, versionSetDeleted(pkg.id, 2)],
      { actor: EDITOR },
    );
    const state = [...events, { ...update!, meta: { ...update!.meta, version: 4 } }, { ...remove!, meta: { ...remove!.meta, version: 5 } }]
      .reduce(evolve, initialState());
    if (state.status !== 'live') throw new Error('expected a live package');
    expect(liveVersionSets(state)).toEqual([
      expect.objectContaining({ number: 1, version_constraint: '<0.9', created_by: ACTOR, last_modified_by: EDITOR }),
    ]);
    expect(state).toMatchObject({ highestNumber: 2, version: 5, last_modified_by: EDITOR });
  });

  test('PackageDeleted leaves a deleted state that remembers id, version and highest number', () => {
    const pkg = packageFields();
    const state = given(packageCreated(pkg), versionSetCreated(pkg.id, 1, '<1'), { type: 'PackageDeleted', data: { id: pkg.id } });
    expect(state).toEqual({
      status: 'deleted', id: pkg.id, version: 3, highestNumber: 1, deleted_by: ACTOR, deleted_on: expect.any(String),
    });
  });

  test('an event that cannot apply leaves the state unchanged', () => {
    const pkg = packageFields();
    expect(given(versionSetCreated(pkg.id, 1, '<1'))).toEqual(initialState());
  });
});
