import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { signDevToken } from '../../../libs/http/src/auth/dev-token.js';
import { createHttpApp } from '../../../libs/http/src/bootstrap/create-http-app.js';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';
import { createPool } from './database/database.js';
import { runMigrations } from './database/run-migrations.js';
import { CHECKPOINT_NAME } from './projector/checkpoint.js';
import { ConsistencyWaiter } from './projector/consistency-waiter.js';
import { Projector } from './projector/projector.js';
import { catalogEvent, newPackageId, packageFields } from './testing/event.factories.js';
import { freshDatabase, publish, silentLogger, startStream, type Db, type Nats } from './testing/projection.harness.js';

const SECRET = 'a-development-secret-of-at-least-32-bytes';

/** The wired service on a port of its own, over `nc` (which its shutdown drains). */
async function startApp(nc: NatsConnection, db: Db, env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const config = loadConfig({ NATS_URL: 'nats://unused', DATABASE_URL: db.url, AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'silent', ...env });
  await runMigrations(config.databaseUrl); // a second run at boot finds nothing pending
  const pool = createPool({ url: config.databaseUrl, max: config.poolSize });
  const app = await createHttpApp(AppModule.forRoot({ config, nc, pool, logger: silentLogger }), {
    service: 'projection-service',
    config: config.http,
    logger: silentLogger,
    shutdownHooks: false,
  });
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('projection service app', () => {
  let nats: Nats;
  let db: Db;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startStream(), freshDatabase()]);
    app = await startApp(nats.nc, db, { READY_LAG_THRESHOLD: '1000' });
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    await nats.server.stop();
    await db.drop();
  });

  it('projects through the wired module and reports ready', async () => {
    const id = newPackageId();
    const [seq] = (await publish(nats.js, [catalogEvent('PackageCreated', id, packageFields(id))])) as [number];
    await app.get(ConsistencyWaiter).waitFor(seq, 15_000);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { postgres: 'up', nats: 'up', 'projection-lag': 'up', 'projection-event-versions': 'up', stream: 'up' },
    });
  });

  it('stops at an event of an unknown schema version: not ready, a metric and its position, nothing skipped', async () => {
    const id = newPackageId();
    const [future] = (await publish(nats.js, [catalogEvent('PackageUpdated', id, packageFields(id), { schemaVersion: 7 })])) as [number];
    await waitUntil(async () => (await fetch(`${base}/health/ready`)).status === 503);
    const ready = (await (await fetch(`${base}/health/ready`)).json()) as { checks: Record<string, string> };
    expect(ready.checks['projection-event-versions']).toMatch(new RegExp(`stopped at stream position ${future}: .*has schemaversion 7; this build reads up to 2`));
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(new RegExp(`projection_unreadable_event_position\\{[^}]*\\} ${future}\\n`));
    expect(app.get(ConsistencyWaiter).checkpoint.position).toBe(future - 1);
  });

  it('reports not ready while the projector is further behind than READY_LAG_THRESHOLD', async () => {
    await app.get(Projector).stop();
    const events = Array.from({ length: 1000 }, () => {
      const id = newPackageId();
      return catalogEvent('PackageCreated', id, packageFields(id));
    });
    await publish(nats.js, events);
    const lag = async (): Promise<[number, string | undefined]> => {
      const ready = await fetch(`${base}/health/ready`);
      return [ready.status, ((await ready.json()) as { checks: Record<string, string> }).checks['projection-lag']];
    };
    // The stream end is cached for 250 ms, and the stopped projector of the test before already
    // makes the service not ready: poll until the lag check itself sees the new end.
    const deadline = Date.now() + 15_000;
    let [status, check] = await lag();
    while (check === 'up' && Date.now() < deadline) [status, check] = await lag();
    expect(status).toBe(503);
    expect(check).toMatch(/1001 events behind/); // the unreadable event of the test before, and these
  });
});

describe('projection service shutdown', () => {
  it('stops accepting before it stops projecting: a read waiting on a consistency token is answered', async () => {
    const [nats, db] = await Promise.all([startStream(), freshDatabase()]);
    const nc = await connect({ servers: nats.server.url });
    const app = await startApp(nc, db, { CONSISTENCY_WAIT_MS: '20000' });
    const base = await app.getUrl();
    const token = await signDevToken({ secret: SECRET, sub: randomUUID(), role: 'admin', ttl: '5m' });
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      // The first batch waits on the checkpoint row; the second event queues behind it.
      await waitUntil(async () => (await db.pool.query(`SELECT 1 FROM projection_checkpoints WHERE name = '${CHECKPOINT_NAME}'`)).rowCount === 1);
      await holder.query(`BEGIN; SELECT position FROM projection_checkpoints WHERE name = '${CHECKPOINT_NAME}' FOR UPDATE`);
      const other = newPackageId();
      const [first] = (await publish(nats.js, [catalogEvent('PackageCreated', other, packageFields(other))])) as [number];
      const blocked = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()";
      await waitUntil(async () => (await db.pool.query(blocked)).rows[0].n > 0);
      const id = newPackageId();
      const [second] = (await publish(nats.js, [catalogEvent('PackageCreated', id, packageFields(id))])) as [number];
      expect(second).toBe(first + 1);
      const read = fetch(`${base}/packages/${id}`, { headers: { authorization: `Bearer ${token}`, 'x-consistency-token': String(second) } });
      await waitUntil(async () => app.get(ConsistencyWaiter).waiting === 1);
      const closed = app.close();
      // Until HTTP has closed (the read is still open), the projector runs: releasing the row lets
      // it apply both events, and the read gets the package instead of a 503.
      await waitUntil(async () => (await fetch(`${base}/health/live`).catch(() => undefined))?.status !== 200);
      await holder.query('COMMIT');
      const answer = await read;
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { id: string }).id).toBe(id);
      await closed;
      expect((await db.pool.query(`SELECT position::int FROM projection_checkpoints WHERE name = '${CHECKPOINT_NAME}'`)).rows).toEqual([{ position: second }]);
    } finally {
      await holder.end();
      await nats.nc.close();
      await nats.server.stop();
      await db.drop();
    }
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
