import { rebuildReadModels } from '../rebuild/rebuild.js';
import { catalogEvent, newPackageId, packageFields } from '../testing/event.factories.js';
import {
  checkpointReaches,
  closeDatabase,
  dumpReadModels,
  freshDatabase,
  publish,
  silentLogger,
  startProjector,
  startStream,
  STREAM,
  type Db,
  type Nats,
  type RunningProjector,
} from '../testing/projection.harness.js';

// Evolution must not lose data: a v1 event is upcast and applied; an event of a schema version this
// build does not know stops the projector (and a rebuild) right before it — never skipped.
describe('projector and event versions', () => {
  let nats: Nats;
  let db: Db;
  let running: RunningProjector;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startStream(), freshDatabase()]);
    running = await startProjector(nats, db);
  });

  afterAll(async () => {
    await running.stop();
    await nats.nc.close();
    await nats.server.stop();
    await closeDatabase(db);
  });

  const until = async (check: () => boolean, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('applies a v1 event upcast, then stops at a newer version with the checkpoint before it', async () => {
    const [a, b] = [newPackageId(), newPackageId()];
    const { description: _none, ...withoutDescription } = packageFields(a);
    const seqs = await publish(nats.js, [
      catalogEvent('PackageCreated', a, withoutDescription, { schemaVersion: 1 }),
      catalogEvent('PackageCreated', b, packageFields(b)),
      catalogEvent('PackageUpdated', b, { ...packageFields(b), title: 'From the future' }, { schemaVersion: 3 }),
      catalogEvent('PackageUpdated', a, { ...packageFields(a), title: 'After the future' }),
    ]);
    await checkpointReaches(db, seqs[1]!);
    await until(() => running.projector.unreadable !== undefined);
    expect(running.projector.unreadable).toMatchObject({ seq: seqs[2], type: 'catalog.PackageUpdated', schemaversion: 3 });
    expect(running.projector.unreadable?.reason).toMatch(/has schemaversion 3; this build reads up to 2/);

    // A redelivery after the ack wait changes nothing: still stopped, nothing past it applied.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { rows } = await db.pool.query('SELECT id, title, description FROM catalog_packages WHERE id = ANY($1) ORDER BY id = $2', [[a, b], a]);
    expect(rows).toEqual([
      { id: b, title: 'Prometheus Helm Chart', description: 'Monitoring' },
      { id: a, title: 'Prometheus Helm Chart', description: null },
    ]);
    expect((await db.pool.query('SELECT position FROM projection_checkpoints WHERE name = $1', ['readmodels'])).rows).toEqual([{ position: seqs[1] }]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM event_history')).rows).toEqual([{ n: 2 }]);
  });

  it('refuses to rebuild past the same event, leaving the live read models as they were', async () => {
    const live = async (): Promise<Record<string, unknown[]>> => {
      const dump = await dumpReadModels(db);
      return { ...dump, projection_checkpoints: (dump.projection_checkpoints ?? []).filter((row) => (row as { name: string }).name === 'readmodels') };
    };
    const before = await live();
    await expect(rebuildReadModels({ pool: db.pool, nc: nats.nc, stream: STREAM, liveCheckpoint: 'readmodels', logger: silentLogger }))
      .rejects.toThrow(/has schemaversion 3; this build reads up to 2/);
    expect(await live()).toEqual(before);
  });
});
