import type pg from 'pg';
import { catalogEvent, newPackageId, packageFields } from '../testing/event.factories.js';
import {
  checkpointReaches,
  closeDatabase,
  freshDatabase,
  publish,
  startProjector,
  startStream,
  type Db,
  type Nats,
  type RunningProjector,
} from '../testing/projection.harness.js';
import { LOCK_VERIFY_MS } from './leader-lock.js';
import type { Projector } from './projector.js';

/** The leader's lock connection (a test reaches into it to lose the lock without an error). */
const lockClient = (projector: Projector): pg.Client =>
  (projector as unknown as { lock: { client: pg.Client } }).lock.client;

const until = async (check: () => boolean, timeoutMs: number): Promise<number> => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
};

describe('leader lock', () => {
  let nats: Nats;
  let db: Db;
  const running: RunningProjector[] = [];

  beforeAll(async () => {
    [nats, db] = await Promise.all([startStream(), freshDatabase()]);
  });

  afterAll(async () => {
    for (const projector of running) await projector.stop();
    await nats.nc.close();
    await nats.server.stop();
    await closeDatabase(db);
  });

  it('notices a lock lost without any connection error, stops projecting, and the standby leads', async () => {
    const first = await startProjector(nats, db);
    running.push(first);
    await until(() => first.projector.isLeader, 10_000);
    const standby = await startProjector(nats, db);
    running.push(standby);
    const id = newPackageId();
    const [created] = await publish(nats.js, [catalogEvent('PackageCreated', id, packageFields(id))]);
    await checkpointReaches(db, created!);
    expect(standby.projector.isLeader).toBe(false);

    // The lock goes while the connection stays up and healthy: only asking Postgres reveals it.
    await lockClient(first.projector).query('SELECT pg_advisory_unlock_all()');
    const noticed = await until(() => !first.projector.isLeader, LOCK_VERIFY_MS + 2_000);
    await until(() => standby.projector.isLeader, 5_000);
    expect(noticed).toBeLessThanOrEqual(LOCK_VERIFY_MS + 2_000);

    const [updated] = await publish(nats.js, [catalogEvent('PackageUpdated', id, { ...packageFields(id), title: 'After failover' })]);
    await checkpointReaches(db, updated!);
    const { rows } = await db.pool.query('SELECT title, version FROM catalog_packages WHERE id = $1', [id]);
    expect(rows).toEqual([{ title: 'After failover', version: updated }]);
  });
});
