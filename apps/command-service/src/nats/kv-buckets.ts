import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventStoreUnavailableError } from '../../../../libs/event-store/src/event-store.js';
import { guarded } from '../../../../libs/event-store/src/jetstream-event-store.js';
import { createRacing } from '../../../../libs/event-store/src/stream-config.js';

export type BucketOptions = {
  replicas: number;
  /** Entries older than this are dropped by the server (bucket `max_age`); 0 = kept for ever. */
  ttlMs?: number;
  timeoutMs?: number;
};

/** The KV operations the write side uses; a bucket that does not answer throws EventStoreUnavailableError (503). */
export type Bucket = Pick<KV, 'get' | 'create' | 'update' | 'put' | 'delete'>;

/**
 * Opens a KV bucket, creating it when missing, as every bucket of the command service is opened.
 * One value per key is enough: writers compare and set on the revision, nobody reads history. Two
 * processes booting together may both create it: the one that loses the race opens the other's.
 */
export function createBucket(nc: NatsConnection, name: string, options: BucketOptions): Promise<KV> {
  const settings = { history: 1, replicas: options.replicas, ttl: options.ttlMs ?? 0, timeout: options.timeoutMs ?? 5_000 };
  return createRacing(() => new Kvm(nc).create(name, settings));
}

/** A bucket for the write side: its transport failures are the store's typed error. */
export async function openBucket(nc: NatsConnection, name: string, options: BucketOptions): Promise<Bucket> {
  return guardedBucket(name, await createBucket(nc, name, options));
}

/** Transport failures of a KV call become the store's typed error, as the event store's do. */
export const guardedBucket = (name: string, kv: Bucket): Bucket => ({
  get: (key, options) => guarded(`get ${name}/${key}`, () => kv.get(key, options)),
  create: (key, value, markerTTL) => guarded(`create ${name}/${key}`, () => kv.create(key, value, markerTTL)),
  update: (key, value, version, timeout) => guarded(`update ${name}/${key}`, () => kv.update(key, value, version, timeout)),
  put: (key, value, options) => guarded(`put ${name}/${key}`, () => kv.put(key, value, options)),
  delete: (key, options) => guarded(`delete ${name}/${key}`, () => kv.delete(key, options)),
});

/** JetStream's "wrong last sequence": another writer changed the key first (a lost create/update race). */
export const isRevisionConflict = (err: unknown): boolean =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
    err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/** Runs one compare-and-set write; undefined when another writer changed the key first. */
export async function unlessRevisionConflict<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (err) {
    if (isRevisionConflict(err)) return undefined;
    throw err;
  }
}

/** The JSON value a key holds now; undefined when the key is missing, deleted or purged. */
export const jsonValue = <T>(entry: KvEntry | null): T | undefined =>
  entry && entry.operation === 'PUT' ? entry.json<T>() : undefined;

/** Never a valid key of the buckets' own entries (those are hex): a hex key cannot hold `l`, `o` or `k`. */
const CLOCK_KEY = 'clock';

/**
 * The server's time now, as it stamps a write to this bucket. Ages of entries (`created`, stamped by
 * the same server) are measured against it, so no process's wall clock decides who owns what.
 * Two round trips: used only when an entry's age matters (an unbacked reservation, a pending key).
 */
export async function serverNow(kv: Bucket): Promise<number> {
  await kv.put(CLOCK_KEY, '');
  const entry = await kv.get(CLOCK_KEY);
  if (!entry) throw new EventStoreUnavailableError('the clock entry vanished right after its write');
  return entry.created.getTime();
}

/** How long ago (server time) the server stored `entry`. */
export const entryAgeMs = async (kv: Bucket, entry: KvEntry): Promise<number> => (await serverNow(kv)) - entry.created.getTime();

/** Contention on one key is bounded by the number of writers; a few rounds settle it, else retry later. */
export const notSettled = (key: string, rounds: number): Error =>
  new EventStoreUnavailableError(`key ${key} kept changing under ${rounds} compare-and-set rounds`);
