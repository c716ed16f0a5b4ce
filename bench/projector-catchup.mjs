#!/usr/bin/env node
// Projector catch-up and rebuild rates on N events (default 100 000), beside the ceiling measured in
// the same run: a raw pull consumer that only receives and acks the same stream (SPEC §9).
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/projector-catchup.mjs [events]
import { randomUUID } from 'node:crypto';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import pg from 'pg';
import { build, builtEntry } from './lib/build.mjs';
import { createDatabase, startNats, startPostgres } from './lib/infra.mjs';

const EVENTS = Number(process.argv[2] ?? 100_000);
let lastPackage = '';
let lastAccountPackage = '';
const account = randomUUID();
const STREAM = 'ARTIFACTS';

build();
const load = (path) => import(builtEntry(path));
const { buildCloudEvent, encodeEvent } = await load('libs/event-store/src/cloud-event.ts');
const { ensureStream, streamConfig } = await load('libs/event-store/src/stream-config.ts');
const { createLogger } = await load('libs/http/src/logging/logger.ts');
const { createPool } = await load('apps/projection-service/src/database/database.ts');
const { runMigrations } = await load('apps/projection-service/src/database/run-migrations.ts');
const { Projector } = await load('apps/projection-service/src/projector/projector.ts');
const { readModelTables } = await load('apps/projection-service/src/projector/read-model-tables.ts');
const { rebuildReadModels } = await load('apps/projection-service/src/rebuild/rebuild.ts');

const logger = createLogger({ level: 'warn', service: 'bench' });
const nats = await startNats();
const postgres = await startPostgres();
const nc = await connect({ servers: nats.url });
const jsm = await jetstreamManager(nc);
await ensureStream(jsm, streamConfig({ name: STREAM, replicas: 1, duplicateWindowMs: 120_000 }));
const db = await createDatabase(postgres.adminUrl, 'catchup');
await runMigrations(db.url);
const pool = createPool({ url: db.url, max: 10 });

try {
  await publishMix(EVENTS);
  const ceiling = await rawConsumeAck(EVENTS);
  const catchUp = await projectorCatchUp(EVENTS);
  const rebuild = await rebuildReadModels({ pool, nc, stream: STREAM, liveCheckpoint: 'readmodels', logger });
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(JSON.stringify({ events: EVENTS, rawConsumeAckPerSec: ceiling, projectorPerSec: catchUp,
    projectorVsCeiling: +(catchUp / ceiling).toFixed(2), rebuildPerSec: rebuild.eventsPerSecond, rebuildSeconds: rebuild.seconds, rssMiB: rss }, null, 2));
} finally {
  await pool.end();
  await nc.close();
  await db.drop();
  await nats.stop();
  await postgres.stop();
}

/** 60 % catalog creates, 20 % catalog updates / VersionSets, 20 % account packages with state changes. */
async function publishMix(total) {
  const js = jetstream(nc);
  const started = Date.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const { subject, event } = eventAt(i);
    const encoded = encodeEvent(event);
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(encoded.headers)) headers.set(key, value);
    inflight.push(js.publish(subject, encoded.payload, { msgID: event.id, headers }));
    if (inflight.length >= 2000) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  console.error(`published ${total} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function eventAt(i) {
  const meta = { id: randomUUID(), time: new Date(), actor: randomUUID(), correlationId: randomUUID(), causationId: randomUUID() };
  const slot = i % 10;
  if (slot < 6 || !lastPackage) {
    lastPackage = `pkg_${randomUUID()}`;
    const data = { id: lastPackage, title: `Package ${i}`, system: 'helm', aliases: [`alias-${i}`], description: 'bench',
      versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'none' } };
    return catalog('PackageCreated', lastPackage, data, meta);
  }
  if (slot === 6) return catalog('VersionSetCreated', lastPackage, { package: lastPackage, number: 1, version_constraint: '<2' }, meta);
  if (slot === 7) return catalog('PackageUpdated', lastPackage, { id: lastPackage, title: `Renamed ${i}`, system: 'helm', aliases: [],
    versioning: { scheme: 'unknown', release_cycle: 'none', support_model: 'none' } }, meta);
  if (slot === 8) {
    lastAccountPackage = randomUUID();
    const now = meta.time.toISOString();
    return accounts('PackageCreated', lastAccountPackage, { type: 'application/astra-package', version: '1.0', id: lastAccountPackage,
      packageName: 'astra', packageVersion: `22.${i % 12}.${i % 7}`, packageType: 'install', severityLevel: 'critical',
      packageState: 'verifying', packageStateDetails: [], metadata: { labels: [], creationTimestamp: now, modificationTimestamp: now, createdBy: meta.actor } }, meta);
  }
  return accounts('PackageStateChanged', lastAccountPackage, { from: 'verifying', to: 'available', packageStateDetails: [], labels: [] }, meta);
}
function catalog(type, id, data, meta) {
  return { subject: `artifacts.catalog.${id}`, event: buildCloudEvent({ family: 'catalog', type, aggregateId: id, data, ...meta }) };
}
function accounts(type, id, data, meta) {
  return { subject: `artifacts.accounts.${account}.${id}`,
    event: buildCloudEvent({ family: 'accounts', type, aggregateId: id, accountId: account, data, ...meta }) };
}

/** The ceiling: a durable pull consumer that receives every message and acks it, nothing else. */
async function rawConsumeAck(total) {
  await jsm.consumers.add(STREAM, { durable_name: 'bench_raw', ack_policy: AckPolicy.Explicit, max_ack_pending: 2000 });
  const consumer = await jetstream(nc).consumers.get(STREAM, 'bench_raw');
  const started = Date.now();
  const messages = await consumer.consume({ max_messages: 500 });
  let seen = 0;
  for await (const msg of messages) {
    JSON.parse(new TextDecoder().decode(msg.data));
    msg.ack();
    if (++seen === total) break;
  }
  return Math.round(total / ((Date.now() - started) / 1000));
}

async function projectorCatchUp(total) {
  const started = Date.now();
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const projector = new Projector({ pool, databaseUrl: db.url, nc, consumer: { stream: STREAM, durable: 'proj_readmodels_v1', ackWaitMs: 30_000 },
    checkpointName: 'readmodels', tables: readModelTables(), batchSize: 500, leaderRetryMs: 1000, logger,
    onCommitted: (checkpoint) => checkpoint.position >= total && done() });
  projector.start();
  await finished;
  const rate = Math.round(total / ((Date.now() - started) / 1000));
  await projector.stop();
  return rate;
}
