import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { CatalogCommand } from '../../../../libs/domain/src/catalog/catalog-package.commands.js';
import { decide } from '../../../../libs/domain/src/catalog/catalog-package.decider.js';
import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import type { CatalogPackageState } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { ConflictError, IdempotencyKeyInFlightError, IdempotencyKeyReusedError, ValidationError } from '../../../../libs/domain/src/errors.js';
import { AppendOutcomeUnknownError, EventStoreUnavailableError, type EventStore } from '../../../../libs/event-store/src/event-store.js';
import { createJetStreamEventStore } from '../../../../libs/event-store/src/jetstream-event-store.js';
import { ensureStream, streamConfig } from '../../../../libs/event-store/src/stream-config.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import { startNats, type NatsServer } from '../../../../test/support/nats-server.js';
import { createAliasClaims } from '../catalog/alias-claims.js';
import { catalogModel } from '../catalog/catalog.model.js';
import { createIdempotencyStore } from '../idempotency/idempotency.store.js';
import { openBucket } from '../nats/kv-buckets.js';
import { createCommandPipeline } from '../pipeline/command-pipeline.js';
import { createUniquenessStore, hexKey, type UniquenessStore } from '../uniqueness/uniqueness.store.js';
import { runWrite, type WriteFamily, type WritePlan } from './run-write.js';
import { newWriteIds, requestFingerprint, type WriteContext, type WriteIds, type WriteRequest } from './write-request.js';
import { catalogRefusal, type StoredResponse } from './write-response.js';

// runWrite against a real nats-server: JetStream for events, KV for keys and aliases. The only
// stand-in is a wrapper of our own EventStore port that stores an append and loses its answer.
let nats: NatsServer;
let nc: NatsConnection;
let store: EventStore;
let buckets = 0;
const actor = randomUUID();

beforeAll(async () => {
  nats = await startNats();
  nc = await connect({ servers: nats.url });
  await ensureStream(await jetstreamManager(nc), streamConfig({ name: 'RUNW', replicas: 1, duplicateWindowMs: 60_000 }));
  store = createJetStreamEventStore({ nc, stream: 'RUNW' });
});
afterAll(async () => {
  await nc.close();
  await nats.stop();
});

type Family = WriteFamily<CatalogPackageState, CatalogEvent, CatalogCommand>;
type Plan = WritePlan<CatalogPackageState, CatalogEvent, CatalogCommand>;

/** The first append is stored but its answer lost (what a dropped connection does); later ones pass. */
const losingFirstAnswer = (): EventStore => {
  let lost = false;
  return {
    ...store,
    append: async (subject, event, options) => {
      const ack = await store.append(subject, event, options);
      if (lost) return ack;
      lost = true;
      throw new EventStoreUnavailableError('no answer');
    },
  };
};

async function setup(options: { leaseMs?: number; eventStore?: EventStore } = {}) {
  const n = ++buckets;
  const kv = await openBucket(nc, `runw_idem_${n}`, { replicas: 1, ttlMs: 60_000 });
  const idempotency = { store: createIdempotencyStore({ kv, leaseMs: options.leaseMs ?? 30_000 }), replayed: () => undefined };
  const pipeline = createCommandPipeline({ store: options.eventStore ?? store, model: catalogModel, maxAttempts: 5, cacheSize: 10 });
  const aliases: UniquenessStore<string> = createUniquenessStore<string>({
    kv: await openBucket(nc, `runw_alias_${n}`, { replicas: 1 }),
    key: hexKey,
    holds: async (owner, alias) => {
      const { state } = await pipeline.load(catalogSubject(owner));
      return state.status === 'live' && state.aliases.includes(alias);
    },
    graceMs: 60_000,
  });
  const family: Family = { pipeline, decide, claims: ({ aggregateId }) => createAliasClaims(aliases, aggregateId), refusal: catalogRefusal, idempotency };
  return { family, aliases, idempotency };
}

const request = (key: string | undefined, body: unknown = { title: 'T', system: 'helm' }, path = '/packages'): WriteRequest => ({
  actor,
  correlationId: randomUUID(),
  method: 'POST',
  path,
  body,
  idempotencyKey: key,
  ifMatch: undefined,
  url: { headers: { host: 'localhost' }, protocol: 'http' },
});

/** POST /packages as its route plans it: the id was chosen before anything is decided. */
const createPlan =
  (req: WriteRequest) =>
  ({ id = '' }: WriteIds, ctx: WriteContext): Plan => ({
    target: { subject: catalogSubject(id), aggregateId: id, isNew: true },
    command: { type: 'CreatePackage', id, body: req.body as never, ...ctx },
    respond: (result) => ({ status: 201, body: { id }, headers: { ETag: `"${result.version}"` } }),
  });
const freshIds = (): WriteIds => ({ ...newWriteIds(), id: `pkg_${randomUUID()}` });
const create = (family: Family, req: WriteRequest, ids = freshIds()): Promise<StoredResponse> => runWrite(family, req, ids, createPlan(req));
const eventsOf = async (id: string) => (await store.read(catalogSubject(id))).events;
const withAlias = (...aliases: string[]) => ({ title: 'T', system: 'helm', aliases });
const alias = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('runWrite: idempotency', () => {
  it('answers 5 retries with the first response and appends one event', async () => {
    const { family } = await setup();
    const responses: StoredResponse[] = [];
    for (let i = 0; i < 5; i++) responses.push(await create(family, request('retry-1')));
    expect(new Set(responses.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await eventsOf((responses[0]?.body as { id: string }).id)).toHaveLength(1);
  });

  it('answers a concurrent request with the same key as in flight, with a Retry-After', async () => {
    const { family } = await setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const req = request('same');
    const first = runWrite(family, req, freshIds(), async (ids, ctx) => {
      await gate;
      return createPlan(req)(ids, ctx);
    });
    const second = create(family, request('same'));
    await expect(second).rejects.toBeInstanceOf(IdempotencyKeyInFlightError);
    await second.catch((err: IdempotencyKeyInFlightError) => expect(err.retryAfterSeconds).toBeGreaterThan(0));
    release();
    await expect(first).resolves.toMatchObject({ status: 201 });
  });

  it('refuses the same key with another body; key order and a trailing slash do not matter; keys stay per caller', async () => {
    const { family } = await setup();
    const first = await create(family, request('k', { title: 'T', system: 'helm' }));
    await expect(create(family, request('k', { title: 'Other', system: 'helm' }))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await create(family, request('k', { system: 'helm', title: 'T' }, '/packages/'))).toEqual(first);
    expect((await create(family, { ...request('k'), actor: randomUUID() })).status).toBe(201);
  });

  it('re-runs with the stored ids once the lease (server time) of a dead attempt ran out, appending nothing new', async () => {
    const { family, idempotency } = await setup({ leaseMs: 1_000 });
    const req = request('crash');
    // An attempt that appended, then its process died before it recorded the answer.
    const begun = await idempotency.store.begin(actor, 'crash', requestFingerprint('POST', '/packages', req.body), freshIds());
    if (begun.outcome !== 'started') throw new Error('expected a fresh key');
    const ids = begun.ids as WriteIds;
    const dead = await runWrite(family, request(undefined), ids, createPlan(req));
    await expect(create(family, req)).rejects.toBeInstanceOf(IdempotencyKeyInFlightError);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await create(family, req)).toMatchObject({ status: 201, body: dead.body });
    expect(await eventsOf(ids.id ?? '')).toHaveLength(1);
  });

  it('re-runs a request that failed without a verdict at once, with the ids chosen the first time', async () => {
    const { family } = await setup();
    const ids = freshIds();
    await expect(runWrite(family, request('early'), ids, () => Promise.reject(new Error('event store unavailable')))).rejects.toThrow('unavailable');
    await expect(create(family, request('early'))).resolves.toMatchObject({ status: 201, body: { id: ids.id } });
  });

  it('records a refusal (a client mistake, or a lost alias race after the store answered) and replays it', async () => {
    const { family } = await setup();
    const invalid = new ValidationError([{ path: 'title', message: 'bad' }]);
    await expect(runWrite(family, request('mistake'), freshIds(), () => Promise.reject(invalid))).rejects.toBe(invalid);
    expect(await create(family, request('mistake'))).toEqual({
      status: 422,
      body: { status: 422, title: 'Unprocessable Entity', detail: 'invalid request: title: bad', errors: [{ location: 'body.title', message: 'bad' }] },
      headers: {},
      contentType: 'application/problem+json',
    });
    const taken = alias('taken');
    await create(family, request(undefined, withAlias(taken)));
    await expect(create(family, request('taken', withAlias(taken)))).rejects.toBeInstanceOf(ConflictError);
    await expect(create(family, request('taken', withAlias(taken)))).resolves.toMatchObject({ status: 409 });
  });
});

describe('runWrite: an append without a verdict', () => {
  it('keeps the alias claimed; a competing create is 409; a retry answers the stored create', async () => {
    const { family, aliases } = await setup({ eventStore: losingFirstAnswer() });
    const value = alias('lost');
    const ids = freshIds();
    await expect(create(family, request('lost', withAlias(value)), ids)).rejects.toBeInstanceOf(AppendOutcomeUnknownError);
    expect(await eventsOf(ids.id ?? '')).toHaveLength(1);
    expect(await aliases.resolve(value)).toBe(ids.id);
    await expect(create(family, request(undefined, withAlias(value)))).rejects.toBeInstanceOf(ConflictError);
    expect(await create(family, request('lost', withAlias(value)))).toMatchObject({ status: 201, body: { id: ids.id } });
    expect(await eventsOf(ids.id ?? '')).toHaveLength(1);
  });

  it('a retry that finds the earlier event re-establishes a claim that went missing, before it answers', async () => {
    const { family, aliases } = await setup({ eventStore: losingFirstAnswer() });
    const value = alias('gone');
    const ids = freshIds();
    await expect(create(family, request('gone', withAlias(value)), ids)).rejects.toBeInstanceOf(AppendOutcomeUnknownError);
    await aliases.release(value, ids.id ?? '');
    expect(await aliases.revisionOf(value, ids.id ?? '')).toBeUndefined();
    expect(await create(family, request('gone', withAlias(value)))).toMatchObject({ status: 201, body: { id: ids.id } });
    expect(await aliases.revisionOf(value, ids.id ?? '')).toBeDefined();
  });

  it('a verdict against the write (a lost alias race) releases what it had claimed', async () => {
    const { family } = await setup();
    const [free, held] = [alias('free'), alias('held')];
    await create(family, request(undefined, withAlias(held)));
    await expect(create(family, request(undefined, withAlias(free, held)))).rejects.toBeInstanceOf(ConflictError);
    await expect(create(family, request(undefined, withAlias(free)))).resolves.toMatchObject({ status: 201 });
  });
});
