import { createHash } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { jsonValue, unlessRevisionConflict } from '../nats/kv-buckets.js';
import type { StoredResponse } from '../write-response.js';

/** The ids a command creates, chosen before the append so a re-run creates the same things. */
export type CommandIds = Record<string, string>;

export type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string; ids: CommandIds; at: string }
  | { state: 'done'; fingerprint: string; ids: CommandIds; at: string; response: StoredResponse };

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
  /** Drops the pending record so a retry runs afresh (the command failed before any append). */
  abandon(lease: IdempotencyLease): Promise<void>;
};

export type IdempotencyStoreOptions = {
  /** A bucket whose `max_age` is IDEMPOTENCY_TTL: expiry is the server's job. */
  kv: KV;
  /** How long a pending record is presumed to belong to a live attempt. */
  leaseMs: number;
  now?: () => number;
};

/** Keys are per actor; hashing makes any allowed key (and any `sub`) a valid KV key of fixed size. */
export const idempotencyKvKey = (scope: string, key: string): string =>
  createHash('sha256').update(scope).update('\n').update(key).digest('hex');

const MAX_ROUNDS = 8;

export function createIdempotencyStore(options: IdempotencyStoreOptions): IdempotencyStore {
  const { kv, leaseMs } = options;
  const now = options.now ?? Date.now;
  const pending = (fingerprint: string, ids: CommandIds): string =>
    JSON.stringify({ state: 'pending', fingerprint, ids, at: new Date(now()).toISOString() });
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
    const age = now() - Date.parse(record.at);
    if (age < leaseMs) return { outcome: 'in-flight', retryAfterSeconds: Math.max(1, Math.ceil((leaseMs - age) / 1000)) };
    // The first attempt died: take the lease over, keeping its ids so the re-run converges on its result.
    const revision = await unlessRevisionConflict(() => kv.update(kvKey, pending(fingerprint, record.ids), entry.revision));
    if (revision === undefined) return undefined;
    return started(kvKey, revision, fingerprint, record.ids, true);
  };

  const begin = async (scope: string, key: string, fingerprint: string, ids: CommandIds): Promise<BeginResult> => {
    const kvKey = idempotencyKvKey(scope, key);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const result = await settle(kvKey, fingerprint, ids);
      if (result) return result;
    }
    throw new Error(`idempotency record ${kvKey} did not settle after ${MAX_ROUNDS} rounds`);
  };

  const complete = async (lease: IdempotencyLease, response: StoredResponse): Promise<void> => {
    const { fingerprint, ids } = lease;
    const done: IdempotencyRecord = { state: 'done', fingerprint, ids, at: new Date(now()).toISOString(), response };
    // A takeover in between means another attempt owns the key now; its record wins.
    await unlessRevisionConflict(() => kv.update(lease.key, JSON.stringify(done), lease.revision));
  };

  const abandon = async (lease: IdempotencyLease): Promise<void> => {
    await unlessRevisionConflict(() => kv.delete(lease.key, { previousSeq: lease.revision }));
  };

  return { begin, complete, abandon };
}
