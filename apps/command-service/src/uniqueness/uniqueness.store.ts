import { entryAgeMs, jsonValue, notSettled, unlessRevisionConflict, type Bucket } from '../nats/kv-buckets.js';

/**
 * What a KV entry holds: the aggregate that claimed the value. When it was claimed is the entry's
 * server timestamp, never a time a process wrote (another process's clock may be off).
 */
export type Reservation = { owner: string };

export type ReserveResult =
  | { outcome: 'reserved' }
  /** The owner already held it (a retry, or an update keeping the value). */
  | { outcome: 'ours' }
  | { outcome: 'taken'; owner: string };

export type UniquenessStore<V> = {
  /**
   * Claims `value` for `owner` right before the append that records it. A value the owner already
   * holds is touched (its revision bumped), which voids any release planned on an older revision.
   */
  reserve(value: V, owner: string): Promise<ReserveResult>;
  /** The revision of `owner`'s reservation, read before an append that drops the value. */
  revisionOf(value: V, owner: string): Promise<number | undefined>;
  /**
   * Frees `value` if `owner` still holds it at `revision` (default: whatever revision it has now).
   * Releasing at the revision seen before the dropping append keeps a concurrent re-claim by the
   * same owner (another process's command on the same aggregate) from being deleted.
   */
  release(value: V, owner: string, revision?: number): Promise<void>;
  /** The owner whose stream holds `value` now; reservations not (yet) backed by an event don't count. */
  resolve(value: V): Promise<string | undefined>;
};

export type UniquenessStoreOptions<V> = {
  kv: Bucket;
  /** Maps a value to a KV key; user strings must be encoded (see `hexKey`). */
  key: (value: V) => string;
  /** Whether `owner`'s stream holds `value` now: read from the event store, never a read model. */
  holds: (owner: string, value: V) => Promise<boolean>;
  /**
   * How long an unbacked reservation is presumed to belong to an append still in flight or whose
   * outcome is unknown; measured on the server's clock from the entry's last write.
   */
  graceMs: number;
};

/** `.foo`, `foo.` and `a..b` break KV keys: hex keeps any string a single valid token. */
export const hexKey = (value: string): string => Buffer.from(value, 'utf8').toString('hex');

/** A tuple key without ambiguity: `("a|b","c")` and `("a","b|c")` never collide. */
export const tupleKey = (parts: readonly string[]): string => hexKey(JSON.stringify(parts));

const MAX_ROUNDS = 8;

export function createUniquenessStore<V>(options: UniquenessStoreOptions<V>): UniquenessStore<V> {
  const { kv, holds, graceMs } = options;
  const reservation = (owner: string): string => JSON.stringify({ owner } satisfies Reservation);

  const tryCreate = async (key: string, owner: string): Promise<boolean> =>
    (await unlessRevisionConflict(() => kv.create(key, reservation(owner)))) !== undefined;

  /** Replaces the entry at `revision`: an orphan reclaimed, or our own reservation touched. */
  const tryReplace = async (key: string, owner: string, revision: number): Promise<boolean> =>
    (await unlessRevisionConflict(() => kv.update(key, reservation(owner), revision))) !== undefined;

  /** One look at the current entry; undefined = the entry changed under us, look again. */
  const settle = async (key: string, value: V, owner: string): Promise<ReserveResult | undefined> => {
    const entry = await kv.get(key);
    const current = jsonValue<Reservation>(entry);
    if (!entry || !current) return (await tryCreate(key, owner)) ? { outcome: 'reserved' } : undefined;
    if (current.owner === owner) return (await tryReplace(key, owner, entry.revision)) ? { outcome: 'ours' } : undefined;
    if (await holds(current.owner, value)) return { outcome: 'taken', owner: current.owner };
    // Not backed by the owner's stream: its append may still be in flight, so wait out the grace.
    if ((await entryAgeMs(kv, entry)) < graceMs) return { outcome: 'taken', owner: current.owner };
    return (await tryReplace(key, owner, entry.revision)) ? { outcome: 'reserved' } : undefined;
  };

  const reserve = async (value: V, owner: string): Promise<ReserveResult> => {
    const key = options.key(value);
    if (await tryCreate(key, owner)) return { outcome: 'reserved' };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const result = await settle(key, value, owner);
      if (result) return result;
    }
    throw notSettled(key, MAX_ROUNDS);
  };

  const revisionOf = async (value: V, owner: string): Promise<number | undefined> => {
    const entry = await kv.get(options.key(value));
    return entry && jsonValue<Reservation>(entry)?.owner === owner ? entry.revision : undefined;
  };

  const release = async (value: V, owner: string, revision?: number): Promise<void> => {
    const previousSeq = revision ?? (await revisionOf(value, owner));
    if (previousSeq === undefined) return;
    // Only the revision we saw: a reclaim or a touch in between must survive.
    await unlessRevisionConflict(() => kv.delete(options.key(value), { previousSeq }));
  };

  const resolve = async (value: V): Promise<string | undefined> => {
    const current = jsonValue<Reservation>(await kv.get(options.key(value)));
    if (!current) return undefined;
    return (await holds(current.owner, value)) ? current.owner : undefined;
  };

  return { reserve, revisionOf, release, resolve };
}
