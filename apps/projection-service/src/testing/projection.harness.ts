import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { encodeEvent } from '../../../../libs/event-store/src/cloud-event.js';
import { ensureStream, streamConfig } from '../../../../libs/event-store/src/stream-config.js';
import { createLogger } from '../../../../libs/http/src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { startNats, type NatsServer } from '../../../../test/support/nats-server.js';
import { createPool } from '../database/database.js';
import { runMigrations } from '../database/run-migrations.js';
import { CHECKPOINT_NAME } from '../projector/checkpoint.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { Projector, type ProjectorHooks } from '../projector/projector.js';
import { readModelTables } from '../projector/read-model-tables.js';
import { StreamPosition } from '../projector/stream-position.js';
import type { Outgoing } from './event.factories.js';

export const STREAM = 'ARTIFACTS';
export const silentLogger = createLogger({ level: 'silent', service: 'projection-test' });

export type Nats = { server: NatsServer; nc: NatsConnection; js: JetStreamClient };

export async function startStream(): Promise<Nats> {
  const server = await startNats();
  const nc = await connect({ servers: server.url });
  await ensureStream(await jetstreamManager(nc), streamConfig({ name: STREAM, replicas: 1, duplicateWindowMs: 120_000 }));
  return { server, nc, js: jetstream(nc) };
}

/** Publishes with the exact envelope and headers the command service uses; returns the sequences. */
export async function publish(js: JetStreamClient, events: Outgoing[]): Promise<number[]> {
  const sequences: number[] = [];
  for (const { subject, event } of events) {
    const encoded = encodeEvent(event);
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(encoded.headers)) headers.set(key, value);
    sequences.push((await js.publish(subject, encoded.payload, { msgID: event.id, headers })).seq);
  }
  return sequences;
}

export type Db = TestDatabase & { pool: pg.Pool };

export async function freshDatabase(): Promise<Db> {
  const db = await createTestDatabase();
  await runMigrations(db.url);
  return { ...db, pool: createPool({ url: db.url, max: 4 }) };
}

export async function closeDatabase(db: Db): Promise<void> {
  await db.pool.end();
  await db.drop();
}

export type RunningProjector = { projector: Projector; waiter: ConsistencyWaiter; stop(): Promise<void> };

export type ProjectorOverrides = { durable?: string; ackWaitMs?: number; batchSize?: number; maxBufferBytes?: number; hooks?: ProjectorHooks; nc?: NatsConnection };

export async function startProjector(nats: Nats, db: Db, overrides: ProjectorOverrides = {}): Promise<RunningProjector> {
  const nc = overrides.nc ?? nats.nc;
  const waiter = new ConsistencyWaiter({
    pool: db.pool,
    databaseUrl: db.url,
    checkpointName: CHECKPOINT_NAME,
    stream: new StreamPosition(nc, STREAM),
    waitMs: 5000,
    logger: silentLogger,
  });
  await waiter.start();
  const projector = new Projector({
    pool: db.pool,
    databaseUrl: db.url,
    nc,
    consumer: { stream: STREAM, durable: overrides.durable ?? 'proj_readmodels_v1', ackWaitMs: overrides.ackWaitMs ?? 30_000 },
    checkpointName: CHECKPOINT_NAME,
    tables: readModelTables(),
    batchSize: overrides.batchSize ?? 500,
    maxBufferBytes: overrides.maxBufferBytes,
    leaderRetryMs: 100,
    logger: silentLogger,
    onCommitted: (checkpoint) => waiter.advance(checkpoint),
    hooks: overrides.hooks,
  });
  projector.start();
  return { projector, waiter, stop: async () => (await projector.stop(), await waiter.stop()) };
}

/** Polls the checkpoint row (tests may poll with a timeout; the service never does). */
export async function checkpointReaches(db: Db, position: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.pool.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = $1', [CHECKPOINT_NAME]);
    if ((rows[0]?.position ?? 0) >= position) return;
    if (Date.now() > deadline) throw new Error(`checkpoint stuck at ${rows[0]?.position ?? 0}, expected ${position}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every read-model row in a stable order, for "identical to a single delivery" comparisons. */
export async function dumpReadModels(db: Db): Promise<Record<string, unknown[]>> {
  const order: Record<string, string> = {
    catalog_packages: 'id',
    catalog_version_sets: 'package_id, number',
    catalog_components: 'package_id, versionset_number, name',
    catalog_releases: 'package_id, version_key',
    account_packages: 'account_id, id',
    event_history: 'seq',
    webhooks: 'id',
    projection_checkpoints: 'name',
  };
  const dump: Record<string, unknown[]> = {};
  for (const [table, by] of Object.entries(order)) {
    const columns = table === 'projection_checkpoints' ? 'name, position, last_event_time' : '*';
    dump[table] = (await db.pool.query(`SELECT ${columns} FROM ${table} ORDER BY ${by}`)).rows;
  }
  return dump;
}
