import { evolve, initialState, liveVersionSets } from './catalog-package.state.js';
import {
  ACTOR,
  componentCreated,
  given,
  packageCreated,
  packageFields,
  recorded,
  releaseCreated,
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
      components: {},
      releases: {},
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

  test('component and release events keep their own audit fields and move the package version', () => {
    const pkg = packageFields();
    const start = recorded([packageCreated(pkg), versionSetCreated(pkg.id, 1, '<1'), componentCreated(pkg.id, 1), releaseCreated(pkg.id, 'v0.1.0')]);
    const later = recorded([
      { type: 'ComponentUpdated', data: { package: pkg.id, versionset_number: 1, name: 'controller', title: 'Ctl', primary: true } },
      { type: 'ReleaseUpdated', data: { package: pkg.id, version: 'v0.1.0', changes: [{ kind: 'added', description: 'x' }] } },
    ], { actor: EDITOR }).map((event, index) => ({ ...event, meta: { ...event.meta, version: 5 + index } }));
    const state = [...start, ...later].reduce(evolve, initialState());
    if (state.status !== 'live') throw new Error('expected a live package');
    expect(state.components['1:controller']).toEqual(expect.objectContaining({
      versionset_number: 1, name: 'controller', title: 'Ctl', primary: true, created_by: ACTOR, last_modified_by: EDITOR,
    }));
    expect(state.releases['0.1.0']).toEqual(expect.objectContaining({ version: 'v0.1.0', created_by: ACTOR, last_modified_by: EDITOR }));
    expect(state).toMatchObject({ version: 6, last_modified_by: EDITOR });
  });

  test('VersionSetDeleted removes that set\'s components only; ReleaseDeleted by another written form removes the release', () => {
    const pkg = packageFields();
    const state = given(
      packageCreated(pkg), versionSetCreated(pkg.id, 1, '<1'), versionSetCreated(pkg.id, 2, '>=1'),
      componentCreated(pkg.id, 1, { name: 'a' }), componentCreated(pkg.id, 2, { name: 'a' }), releaseCreated(pkg.id, 'v1.0.0'),
      versionSetDeleted(pkg.id, 1), { type: 'ReleaseDeleted', data: { package: pkg.id, version: '1.0.0' } },
    );
    if (state.status !== 'live') throw new Error('expected a live package');
    expect(Object.keys(state.components)).toEqual(['2:a']);
    expect(state.releases).toEqual({});
  });

  test('PackageDeleted drops components and releases with the package', () => {
    const pkg = packageFields();
    const state = given(packageCreated(pkg), versionSetCreated(pkg.id, 1, '<1'), componentCreated(pkg.id, 1), releaseCreated(pkg.id, '0.1.0'),
      { type: 'PackageDeleted', data: { id: pkg.id } });
    expect(state).not.toHaveProperty('components');
    expect(state).not.toHaveProperty('releases');
  });
});
