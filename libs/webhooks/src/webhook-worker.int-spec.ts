import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { startNats, type NatsServer } from '../../../test/support/nats-server.js';
import { ensureStream, streamConfig } from '../../event-store/src/stream-config.js';
import { catalogSubject, catalogWebhookSubject } from '../../event-store/src/subjects.js';
import { createDeliveriesLog } from './deliveries-log.js';
import { DeliveryEngine } from './delivery-engine.js';
import { cachingResolver } from './destination.js';
import { createLease } from './engine-lease.js';
import { DEFAULT_SCHEDULE } from './retry-policy.js';
import { generateSecret } from './signature.js';
import { WebhookWorker, type WorkerDeps } from './webhook-worker.js';

// A webhook's worker and the engine against a private nats-server and a receiver on loopback: a
// replay or a stop that comes while a worker's reader is still being set up (a replay asked for at
// once after the create, a webhook deleted at once) is acted on, and holds up nothing after it.

const STREAM = 'WORKER_TEST';
const EVENTS = 30;

let nats: NatsServer;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let state: KV;
let deliveries: KV;
let server: Server;
let url: string;
/** Event ids received, per webhook (the path names it). */
const received = new Map<string, string[]>();
const warnings: string[] = [];
/** Positions of the package events, in stream order. */
const positions: number[] = [];

beforeAll(async () => {
  nats = await startNats();
  nc = await connect({ servers: nats.url });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureStream(jsm, streamConfig({ name: STREAM, replicas: 1, duplicateWindowMs: 60_000 }));
  const kvm = new Kvm(nc);
  [state, deliveries] = await Promise.all([kvm.create(`${STREAM}_webhook_state`, { history: 1 }), kvm.create(`${STREAM}_webhook_deliveries`, { history: 1 })]);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const webhook = (req.url ?? '').slice(1);
      received.set(webhook, [...(received.get(webhook) ?? []), String(req.headers['webhook-id'])]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // One package event per aggregate, so a webhook's lanes deliver them side by side.
  for (let n = 0; n < EVENTS; n++) positions.push(await publishPackageEvent());
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await nc?.close();
  await nats?.stop();
});
beforeEach(() => {
  warnings.length = 0;
});
afterEach(() => expect(warnings).toEqual([]));

async function publishPackageEvent(): Promise<number> {
  const id = randomUUID();
  const h = natsHeaders();
  h.set('Nats-Msg-Id', id);
  h.set('ce-type', 'catalog.PackageCreated');
  const ack = await js.publish(catalogSubject(randomUUID()), JSON.stringify({ id, type: 'catalog.PackageCreated', data: {} }), { headers: h });
  return ack.seq;
}

/** Appends a registration event as the command service stores it; its position. */
async function register(webhook: string, type: string, data: Record<string, unknown>): Promise<number> {
  const id = randomUUID();
  const h = natsHeaders();
  h.set('Nats-Msg-Id', id);
  h.set('ce-type', `catalog.${type}`);
  const event = { id, type: `catalog.${type}`, time: new Date().toISOString(), actor: 'test', data: { id: webhook, ...data } };
  return (await js.publish(catalogWebhookSubject(webhook), JSON.stringify(event), { headers: h })).seq;
}

const target = (id: string) => ({ id, family: 'catalog' as const, url: `${url}/${id}`, types: ['catalog.PackageCreated'] });

function deps(): WorkerDeps {
  const secret = generateSecret();
  return {
    js,
    jsm,
    stream: STREAM,
    state,
    log: createDeliveriesLog(deliveries),
    schedule: DEFAULT_SCHEDULE,
    lanesInFlight: 16,
    disableAfterMs: DEFAULT_SCHEDULE.giveUpAfterMs,
    secrets: { signing: async () => [secret] },
    destinations: cachingResolver({ allowPrivate: true }, 30_000),
    slots: { acquire: async () => undefined, release: () => undefined },
    deadLetter: async () => undefined,
    failingTooLong: () => undefined,
    attempted: () => undefined,
    warn: (message) => void warnings.push(message),
  };
}

async function waitFor(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms).unref())]);

/** Every package event from `from` on reached `webhook`. */
const allFrom = (webhook: string, from: number) => () => new Set(received.get(webhook)).size >= positions.filter((seq) => seq >= from).length;
const countOf = (webhook: string) => () => `${new Set(received.get(webhook)).size} of ${EVENTS} received`;

describe('a webhook worker', () => {
  // The engine applies a new webhook's create and then its replay; asked for at once, the replay
  // arrives while the worker's first reader is being set up (after `start`, after a few round trips).
  it.each([0, 1, 5, 20])('acts on a replay that comes %i ms after it starts, and stops', async (delayMs) => {
    const id = randomUUID();
    const registered = (await jsm.streams.info(STREAM)).state.last_seq;
    const worker = await WebhookWorker.load(deps(), target(id), registered);
    worker.start();
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    worker.replay(positions[0] ?? 1, registered + 1);
    await waitFor(allFrom(id, positions[0] ?? 1), 10_000, countOf(id));
    await within(worker.stop(), 5_000, 'stop');
    expect(new Set(received.get(id)).size).toBe(EVENTS);
  });

  it('stops while its reader is being set up', async () => {
    const worker = await WebhookWorker.load(deps(), target(randomUUID()), 1);
    worker.start();
    await within(worker.stop(), 5_000, 'stop');
  });
});

describe('the delivery engine', () => {
  it('acts on every replay asked for at once after the create, a webhook deleted at once in between', async () => {
    const engine = new DeliveryEngine({
      ...deps(),
      lease: createLease(state, `lease-${randomUUID()}`, 'test', 10_000),
      leaseRenewMs: 3_000,
      concurrency: 64,
      deadLetterSubscriber: (id) => `webhook_${id.replaceAll('-', '')}`,
      disable: async () => undefined,
      deadLettered: () => undefined,
    });
    engine.start();
    try {
      for (let round = 0; round < 5; round++) {
        // A webhook deleted at once: its worker is stopped while its reader is being set up.
        const gone = randomUUID();
        await register(gone, 'WebhookCreated', { ...target(gone), active: true });
        await register(gone, 'WebhookDeleted', {});
        const id = randomUUID();
        await register(id, 'WebhookCreated', { ...target(id), active: true });
        const from = positions[round] ?? 1;
        await register(id, 'WebhookReplayRequested', { from: { position: from } });
        await waitFor(allFrom(id, from), 10_000, () => `round ${round}: ${countOf(id)()}`);
        await register(id, 'WebhookDeleted', {});
      }
    } finally {
      await within(engine.stop(), 10_000, 'the engine stop');
    }
  }, 60_000);
});
