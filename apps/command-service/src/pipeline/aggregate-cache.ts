/** A folded aggregate: its state and the stream sequence of its last event (0 = no events). */
export type CachedAggregate<S> = { state: S; version: number };

/**
 * Bounded LRU of folded aggregates. A hit saves reading and folding the whole history; the entry is
 * only a starting point, brought up to date by reading the events after its version.
 */
export type AggregateCache<S> = {
  get(subject: string): CachedAggregate<S> | undefined;
  set(subject: string, entry: CachedAggregate<S>): void;
  readonly size: number;
  /** Estimated bytes held (see `estimateBytes`). */
  readonly bytes: number;
};

/**
 * Both bounds hold at once: an account package may carry most of a megabyte of files, so a count
 * alone would let a cache of large bundles outgrow the heap. An entry larger than `maxBytes` is
 * not kept.
 */
export type AggregateCacheLimits = { maxEntries: number; maxBytes: number };

/**
 * `AGGREGATE_CACHE_BYTES` when unset: a quarter of the 128 MB old space the service runs with
 * (scripts/lib/node-flags.mjs), so a cache full of large bundles leaves room for requests in flight.
 */
export const DEFAULT_AGGREGATE_CACHE_BYTES = 32 * 1024 * 1024;

type Held<S> = CachedAggregate<S> & { bytes: number };

export function createAggregateCache<S>({ maxEntries, maxBytes }: AggregateCacheLimits): AggregateCache<S> {
  if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new Error(`invalid cache size ${maxEntries}`);
  if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new Error(`invalid cache byte bound ${maxBytes}`);
  const entries = new Map<string, Held<S>>();
  let bytes = 0;

  const remove = (subject: string): void => {
    const held = entries.get(subject);
    if (!held) return;
    entries.delete(subject);
    bytes -= held.bytes;
  };

  return {
    get(subject) {
      const held = entries.get(subject);
      if (!held) return undefined;
      // Map keeps insertion order: re-inserting marks the entry as most recently used.
      entries.delete(subject);
      entries.set(subject, held);
      return { state: held.state, version: held.version };
    },
    set(subject, entry) {
      const held = entries.get(subject);
      remove(subject);
      if (maxEntries === 0) return;
      // A refresh that found nothing new stores the same state again: keep its estimate, skip the walk.
      const size = held?.state === entry.state ? held.bytes : estimateBytes(entry.state);
      if (size > maxBytes) return;
      entries.set(subject, { state: entry.state, version: entry.version, bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}

const OBJECT_OVERHEAD = 32;
const SLOT = 8;

/**
 * A cheap upper estimate of what a JSON-like value keeps on the heap: strings by length (base64 file
 * contents dominate large states), a fixed cost per object, array slot and property. It walks the
 * value without copying it.
 */
export function estimateBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return OBJECT_OVERHEAD + value.length * 2;
    case 'object': {
      if (value === null) return SLOT;
      if (value instanceof Date) return OBJECT_OVERHEAD;
      let total = OBJECT_OVERHEAD;
      if (Array.isArray(value)) {
        for (const item of value) total += SLOT + estimateBytes(item);
        return total;
      }
      for (const [key, item] of Object.entries(value)) total += SLOT + key.length + estimateBytes(item);
      return total;
    }
    default:
      return SLOT;
  }
}
