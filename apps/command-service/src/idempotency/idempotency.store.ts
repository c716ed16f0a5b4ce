import { createHash } from 'node:crypto';
import { entryAgeMs, jsonValue, notSettled, unlessRevisionConflict, type Bucket } from '../nats/kv-buckets.js';
import type { StoredResponse } from '../write/write-response.js';

/** The ids a command creates, chosen before the append so a re-run creates the same things. */
export type CommandIds = Record<string, string>;

/**
 * `pending`: an attempt runs (its age is the entry's server timestamp, never a process's clock).
 * `unsettled`: an attempt ended without an answer to record (a 5xx; its publish may have gone out
 * without a verdict); a retry takes over at once with the same ids and finds or makes that one event. `done`: the answer to replay.
 */
export type IdempotencyRecord =
  | { state: 'pending' | 'unsettled'; fingerprint: string; ids: CommandIds }
  | { state: 'done'; fingerprint: string; ids: CommandIds; response: StoredResponse };

/** Proof of holding a key's pending record at one revision. */
export type IdempotencyLease = { key: string; revision: number; fingerprint: string; ids: CommandIds };

export type BeginResult =
  /** Run the command with `ids`; `takeover` = an earlier attempt died mid-way and may have appended. */
  | { outcome: 'started'; ids: CommandIds; lease: IdempotencyLease; takeover: boolean }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'mismatch' }
  | { outcome: 'in-flight'; retryAfterSeconds: number };

export type IdempotencyStore = {
  begin(scope: string, key: string, fingerprint: string, ids: CommandIds): Promise<BeginResult>;
  complete(lease: IdempotencyLease, response: StoredResponse): Promise<void>;
  /** The attempt ended without an answer to record: a retry takes over at once, with the same ids. */
  unsettle(lease: IdempotencyLease): Promise<void>;
};

export type IdempotencyStoreOptions = {
  /** A bucket whose `max_age` is IDEMPOTENCY_TTL: expiry is the server's job. */
  kv: Bucket;
  /** How long a pending record is presumed to belong to a live attempt (server time since its write). */
  leaseMs: number;
};

/** Keys are per actor; hashing makes any allowed key (and any `sub`) a valid KV key of fixed size. */
export const idempotencyKvKey = (scope: string, key: string): string =>
  createHash('sha256').update(scope).update('\n').update(key).digest('hex');

const MAX_ROUNDS = 8;

export function createIdempotencyStore(options: IdempotencyStoreOptions): IdempotencyStore {
  const { kv, leaseMs } = options;
  const pending = (fingerprint: string, ids: CommandIds): string => JSON.stringify({ state: 'pending', fingerprint, ids } satisfies IdempotencyRecord);
  const started = (key: string, revision: number, fingerprint: string, ids: CommandIds, takeover: boolean): BeginResult => ({
    outcome: 'started',
    ids,
    lease: { key, revision, fingerprint, ids },
    takeover,
  });

  const settle = async (kvKey: string, fingerprint: string, ids: CommandIds): Promise<BeginResult | undefined> => {
    const entry = await kv.get(kvKey);
    const record = jsonValue<IdempotencyRecord>(entry);
    if (!entry || !record) {
      const revision = await unlessRevisionConflict(() => kv.create(kvKey, pending(fingerprint, ids)));
      return revision === undefined ? undefined : started(kvKey, revision, fingerprint, ids, false);
    }
    if (record.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    if (record.state === 'done') return { outcome: 'replay', response: record.response };
    if (record.state === 'pending') {
      const age = await entryAgeMs(kv, entry);
      if (age < leaseMs) return { outcome: 'in-flight', retryAfterSeconds: Math.max(1, Math.ceil((leaseMs - age) / 1000)) };
    }
    // The first attempt died or ended unsettled: take over, keeping its ids so the re-run converges on its result.
    const revision = await unlessRevisionConflict(() => kv.update(kvKey, pending(fingerprint, record.ids), entry.revision));
    if (revision === undefined) return undefined;
    return started(kvKey, revision, fingerprint, record.ids, true);
  };

  const begin = async (scope: string, key: string, fingerprint: string, ids: CommandIds): Promise<BeginResult> => {
    const kvKey = idempotencyKvKey(scope, key);
    // Most keys are new: one compare-and-set create (expected revision 0) settles those in one round
    // trip instead of a read and then the create. A key that exists loses it and is read as before.
    const revision = await unlessRevisionConflict(() => kv.create(kvKey, pending(fingerprint, ids)));
    if (revision !== undefined) return started(kvKey, revision, fingerprint, ids, false);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const result = await settle(kvKey, fingerprint, ids);
      if (result) return result;
    }
    throw notSettled(kvKey, MAX_ROUNDS);
  };

  const complete = async (lease: IdempotencyLease, response: StoredResponse): Promise<void> => {
    const { fingerprint, ids } = lease;
    const done: IdempotencyRecord = { state: 'done', fingerprint, ids, response };
    // A takeover in between means another attempt owns the key now; its record wins.
    await unlessRevisionConflict(() => kv.update(lease.key, JSON.stringify(done), lease.revision));
  };

  const unsettle = async ({ key, revision, fingerprint, ids }: IdempotencyLease): Promise<void> => {
    const record: IdempotencyRecord = { state: 'unsettled', fingerprint, ids };
    await unlessRevisionConflict(() => kv.update(key, JSON.stringify(record), revision));
  };

  return { begin, complete, unsettle };
}
