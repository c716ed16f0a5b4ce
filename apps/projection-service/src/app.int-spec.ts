import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../../../libs/http/src/bootstrap/create-http-app.js';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';
import { createPool } from './database/database.js';
import { runMigrations } from './database/run-migrations.js';
import { ConsistencyWaiter } from './projector/consistency-waiter.js';
import { Projector } from './projector/projector.js';
import { catalogEvent, newPackageId, packageFields } from './testing/event.factories.js';
import { freshDatabase, publish, silentLogger, startStream, type Db, type Nats } from './testing/projection.harness.js';

describe('projection service app', () => {
  let nats: Nats;
  let db: Db;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startStream(), freshDatabase()]);
    const config = loadConfig({
      NATS_URL: nats.server.url,
      DATABASE_URL: db.url,
      AUTH_JWT_SECRET: 'a-development-secret-of-at-least-32-bytes',
      LOG_LEVEL: 'silent',
      READY_LAG_THRESHOLD: '1000',
    });
    await runMigrations(config.databaseUrl); // a second run at boot finds nothing pending
    const pool = createPool({ url: config.databaseUrl, max: config.poolSize });
    app = await createHttpApp(AppModule.forRoot({ config, nc: nats.nc, pool, logger: silentLogger }), {
      service: 'projection-service',
      config: config.http,
      logger: silentLogger,
      shutdownHooks: false,
    });
    await app.listen(0, '127.0.0.1');
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
    expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'up', nats: 'up', 'projection-lag': 'up', stream: 'up' } });
  });

  it('reports not ready while the projector is further behind than READY_LAG_THRESHOLD', async () => {
    await app.get(Projector).stop();
    const events = Array.from({ length: 1000 }, () => {
      const id = newPackageId();
      return catalogEvent('PackageCreated', id, packageFields(id));
    });
    await publish(nats.js, events);
    const deadline = Date.now() + 15_000;
    let ready = await fetch(`${base}/health/ready`);
    // The stream end is cached for 250 ms: poll until the readiness check sees the new end.
    while (ready.status === 200 && Date.now() < deadline) ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks['projection-lag']).toMatch(/1000 events behind/);
  });
});
