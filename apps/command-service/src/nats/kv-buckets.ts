import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

export type BucketOptions = {
  replicas: number;
  /** Entries older than this are dropped by the server (bucket `max_age`); 0 = kept for ever. */
  ttlMs?: number;
  timeoutMs?: number;
};

/**
 * Opens (creating when missing) a KV bucket. One value per key is enough: writers compare and set
 * on the revision, nobody reads history.
 */
export function openBucket(nc: NatsConnection, name: string, options: BucketOptions): Promise<KV> {
  return new Kvm(nc).create(name, {
    history: 1,
    replicas: options.replicas,
    ttl: options.ttlMs ?? 0,
    timeout: options.timeoutMs ?? 5_000,
  });
}

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
