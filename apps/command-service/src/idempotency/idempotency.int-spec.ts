import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { decide } from '../../../../libs/domain/src/catalog/catalog-package.decider.js';
import { ConflictError, IdempotencyKeyInFlightError, IdempotencyKeyReusedError, ValidationError } from '../../../../libs/domain/src/errors.js';
import { createJetStreamEventStore } from '../../../../libs/event-store/src/jetstream-event-store.js';
import { ensureStream, streamConfig } from '../../../../libs/event-store/src/stream-config.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.js';
import { startNats, type NatsServer } from '../../../../test/support/nats-server.js';
import { catalogModel } from '../catalog/catalog.model.js';
import { openBucket } from '../nats/kv-buckets.js';
import { createCommandPipeline } from '../pipeline/command-pipeline.js';
import { createIdempotency, type Execution } from './idempotency.js';
import { catalogRefusal } from '../write-refusal.js';
import type { StoredResponse } from '../write-response.js';
import { createIdempotencyStore } from './idempotency.store.js';

let nats: NatsServer;
let nc: NatsConnection;
let store: EventStore;
let bucketCount = 0;
const actor = randomUUID();

beforeAll(async () => {
  nats = await startNats();
  nc = await connect({ servers: nats.url });
  await ensureStream(await jetstreamManager(nc), streamConfig({ name: 'IDEM', replicas: 1, duplicateWindowMs: 60_000 }));
  store = createJetStreamEventStore({ nc, stream: 'IDEM' });
});
afterAll(async () => {
  await nc.close();
  await nats.stop();
});

async function setup(options: { leaseMs?: number } = {}) {
  const kv = await openBucket(nc, `idem_${++bucketCount}`, { replicas: 1, ttlMs: 60_000 });
  const idempotency = createIdempotency(createIdempotencyStore({ kv, leaseMs: options.leaseMs ?? 30_000 }));
  const pipeline = createCommandPipeline({ store, model: catalogModel, maxAttempts: 5, cacheSize: 10 });
  /** POST /packages as the controller runs it: ids chosen first, the pipeline appends. */
  const createPackage = async ({ ids, rerun, appending }: Execution<{ id: string; eventId: string }>): Promise<StoredResponse> => {
    const now = new Date().toISOString();
    const result = await pipeline.execute({
      subject: catalogSubject(ids.id),
      aggregateId: ids.id,
      eventId: ids.eventId,
      envelope: { actor, correlationId: 'c', causationId: 'r', now },
      decide: (state) => decide({ type: 'CreatePackage', id: ids.id, actor, now, body: { title: 'T', system: 'helm' } }, state),
      isNew: !rerun,
      recheck: rerun,
      onAppend: appending,
    });
    return { status: 201, body: { id: ids.id }, headers: { etag: `"${result.version}"` } };
  };
  return { idempotency, createPackage };
}

const freshIds = () => ({ id: `pkg_${randomUUID()}`, eventId: randomUUID() });
const request = (key: string, body: unknown = { title: 'T', system: 'helm' }) => ({
  scope: actor,
  key,
  method: 'POST',
  path: '/packages',
  body,
  refusal: catalogRefusal,
});
const eventsOf = async (id: string) => (await store.read(catalogSubject(id))).events;

describe('idempotency (NATS KV)', () => {
  it('answers 5 retries with the first response and appends one event', async () => {
    const { idempotency, createPackage } = await setup();
    const responses: StoredResponse[] = [];
    for (let i = 0; i < 5; i++) responses.push(await idempotency.run(request('retry-1'), freshIds(), createPackage));
    expect(new Set(responses.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await eventsOf((responses[0]?.body as { id: string }).id)).toHaveLength(1);
  });

  it('answers a concurrent request with the same key as in flight, with a Retry-After', async () => {
    const { idempotency, createPackage } = await setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = idempotency.run(request('same'), freshIds(), async (execution) => {
      await gate;
      return createPackage(execution);
    });
    const second = idempotency.run(request('same'), freshIds(), createPackage);
    await expect(second).rejects.toBeInstanceOf(IdempotencyKeyInFlightError);
    await second.catch((err: IdempotencyKeyInFlightError) => expect(err.retryAfterSeconds).toBeGreaterThan(0));
    release();
    await expect(first).resolves.toMatchObject({ status: 201 });
  });

  it('refuses the same key with another body, and keys stay per caller', async () => {
    const { idempotency, createPackage } = await setup();
    await idempotency.run(request('k'), freshIds(), createPackage);
    await expect(idempotency.run(request('k', { title: 'Other', system: 'helm' }), freshIds(), createPackage)).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    const other = await idempotency.run({ ...request('k'), scope: randomUUID() }, freshIds(), createPackage);
    expect(other.status).toBe(201);
  });

  it('treats key order and a trailing slash as the same request', async () => {
    const { idempotency, createPackage } = await setup();
    const first = await idempotency.run(request('order', { title: 'T', system: 'helm' }), freshIds(), createPackage);
    const again = await idempotency.run(
      { ...request('order', { system: 'helm', title: 'T' }), path: '/packages/' },
      freshIds(),
      createPackage,
    );
    expect(again).toEqual(first);
  });

  it('re-runs with the stored ids once the lease (server time) of a dead attempt ran out, appending nothing new', async () => {
    const { idempotency, createPackage } = await setup({ leaseMs: 1_000 });
    const ids = freshIds();
    // The first attempt appends and its process dies before recording the response: it never settles.
    let appended!: () => void;
    const died = new Promise<void>((resolve) => (appended = resolve));
    void idempotency.run(request('crash'), ids, async (execution) => {
      await createPackage(execution);
      appended();
      return new Promise<StoredResponse>(() => undefined);
    });
    await died;
    await expect(idempotency.run(request('crash'), freshIds(), createPackage)).rejects.toBeInstanceOf(IdempotencyKeyInFlightError);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const retried = await idempotency.run(request('crash'), freshIds(), createPackage);
    expect(retried).toMatchObject({ status: 201, body: { id: ids.id } });
    expect(await eventsOf(ids.id)).toHaveLength(1);
  });

  it('lets a retry take over at once after an attempt that ended without a verdict on its publish', async () => {
    const { idempotency, createPackage } = await setup();
    const ids = freshIds();
    await expect(
      idempotency.run(request('unknown'), ids, async (execution) => {
        await createPackage(execution);
        throw new Error('no answer to the publish');
      }),
    ).rejects.toThrow('no answer');
    const retried = await idempotency.run(request('unknown'), freshIds(), createPackage);
    expect(retried).toMatchObject({ status: 201, body: { id: ids.id } });
    expect(await eventsOf(ids.id)).toHaveLength(1);
  });

  it('forgets a request that failed before anything was published, so a retry runs at once', async () => {
    const { idempotency, createPackage } = await setup();
    await expect(
      idempotency.run(request('early'), freshIds(), async () => {
        throw new Error('event store unavailable');
      }),
    ).rejects.toThrow('unavailable');
    await expect(idempotency.run(request('early'), freshIds(), createPackage)).resolves.toMatchObject({ status: 201 });
  });

  it('records a request refused as a client mistake and replays the refusal, running nothing again', async () => {
    const { idempotency, createPackage } = await setup();
    await expect(
      idempotency.run(request('mistake'), freshIds(), async () => {
        throw new ValidationError([{ path: 'title', message: 'bad' }]);
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    const replayed = await idempotency.run(request('mistake'), freshIds(), createPackage);
    expect(replayed).toEqual({
      status: 422,
      body: { status: 422, title: 'Unprocessable Entity', detail: 'invalid request: title: bad', errors: [{ location: 'body.title', message: 'bad' }] },
      headers: {},
      contentType: 'application/problem+json',
    });
  });

  it('records a refusal that came after a publish: the store answered, so nothing is ambiguous', async () => {
    const { idempotency, createPackage } = await setup();
    const refused = idempotency.run(request('lost-race'), freshIds(), async ({ appending }) => {
      appending();
      throw new ConflictError('taken', []);
    });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(idempotency.run(request('lost-race'), freshIds(), createPackage)).resolves.toMatchObject({ status: 409, body: { detail: 'taken' } });
  });
});
