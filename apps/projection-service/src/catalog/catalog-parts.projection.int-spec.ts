import { catalogEvent, newPackageId, packageFields, partsHistory } from '../testing/event.factories.js';
import {
  checkpointReaches,
  closeDatabase,
  dumpReadModels,
  freshDatabase,
  publish,
  startProjector,
  startStream,
  type Db,
  type Nats,
} from '../testing/projection.harness.js';

const components = async (db: Db, pkg: string) =>
  (await db.pool.query('SELECT versionset_number, name, title, is_primary, description, created_by, last_modified_by FROM catalog_components WHERE package_id = $1 ORDER BY versionset_number, name', [pkg])).rows;
const releases = async (db: Db, pkg: string) =>
  (await db.pool.query('SELECT version, versionset_number, prerelease, released_on, changes FROM catalog_releases WHERE package_id = $1 ORDER BY version_key DESC', [pkg])).rows;

describe('catalog projection: components and releases', () => {
  let nats: Nats;
  const databases: Db[] = [];
  const open = async (): Promise<Db> => {
    const db = await freshDatabase();
    databases.push(db);
    return db;
  };

  beforeAll(async () => {
    nats = await startStream();
  });

  afterAll(async () => {
    await nats.nc.close();
    await nats.server.stop();
    await Promise.all(databases.map(closeDatabase));
  });

  it('projects every part event; VersionSet changes move releases; deletes take parts along; one batch = one event per batch', async () => {
    const history = partsHistory();
    const seqs = await publish(nats.js, history);
    const [whole, single] = await Promise.all([open(), open()]);
    const projectors = [await startProjector(nats, whole, { durable: 'proj_whole' }), await startProjector(nats, single, { durable: 'proj_single', batchSize: 1 })];
    await Promise.all([checkpointReaches(whole, seqs.at(-1)!), checkpointReaches(single, seqs.at(-1)!)]);
    await Promise.all(projectors.map((projector) => projector.stop()));

    const a = history[0]!.event.subject;
    const editor = history[8]!.event.actor;
    const admin = history[0]!.event.actor;
    expect(await components(whole, a)).toEqual([
      { versionset_number: 1, name: 'controller', title: 'Controller', is_primary: true, description: null, created_by: admin, last_modified_by: editor },
    ]);
    expect(await releases(whole, a)).toEqual([
      // VersionSet 2 (>=2.0.0-0) held the prerelease until it was deleted.
      { version: '2.0.0-rc.1', versionset_number: null, prerelease: true, released_on: '2025-01-01T00:00:00Z', changes: [{ kind: 'added', description: 'x' }] },
      { version: 'v1.2.0', versionset_number: 1, prerelease: false, released_on: null, changes: [{ kind: 'fixed', description: 'y' }] },
    ]);
    const b = history[15]!.event.subject;
    expect([...(await components(whole, b)), ...(await releases(whole, b))]).toEqual([]);
    const dump = await dumpReadModels(whole);
    expect(dump['catalog_components']).toHaveLength(1);
    expect(await dumpReadModels(single)).toEqual(dump);
  });

  it('a release follows VersionSet creates, updates and deletes without an event of its own, prereleases included', async () => {
    const db = await open();
    const pkg = newPackageId();
    const running = await startProjector(nats, db, { durable: 'proj_follow' });
    const step = async (type: string, data: object): Promise<void> => {
      const [seq] = await publish(nats.js, [catalogEvent(type, pkg, data)]);
      await running.waiter.waitFor(seq!);
    };
    const numbers = async () => Object.fromEntries((await releases(db, pkg)).map((row) => [row.version, row.versionset_number]));
    await step('PackageCreated', packageFields(pkg));
    for (const version of ['1.0.0', '1.5.0-beta.1', '2.0.0']) await step('ReleaseCreated', { package: pkg, version, changes: [] });
    expect(await numbers()).toEqual({ '1.0.0': null, '1.5.0-beta.1': null, '2.0.0': null });
    await step('VersionSetCreated', { package: pkg, number: 1, version_constraint: '>=1.0.0 <2.0.0' });
    expect(await numbers()).toEqual({ '1.0.0': 1, '1.5.0-beta.1': 1, '2.0.0': null });
    await step('VersionSetUpdated', { package: pkg, number: 1, version_constraint: '>=1.2.0 <=2.0.0' });
    expect(await numbers()).toEqual({ '1.0.0': null, '1.5.0-beta.1': 1, '2.0.0': 1 });
    await step('VersionSetCreated', { package: pkg, number: 2, version_constraint: '<1.2.0' });
    await step('ReleaseCreated', { package: pkg, version: 'v1.1.0', changes: [] });
    expect(await numbers()).toEqual({ '1.0.0': 2, 'v1.1.0': 2, '1.5.0-beta.1': 1, '2.0.0': 1 });
    await step('VersionSetDeleted', { package: pkg, number: 1 });
    expect(await numbers()).toEqual({ '1.0.0': 2, 'v1.1.0': 2, '1.5.0-beta.1': null, '2.0.0': null });
    await running.stop();
  });
});
