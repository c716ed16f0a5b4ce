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
};

export function createAggregateCache<S>(maxEntries: number): AggregateCache<S> {
  if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new Error(`invalid cache size ${maxEntries}`);
  const entries = new Map<string, CachedAggregate<S>>();

  return {
    get(subject) {
      const entry = entries.get(subject);
      if (entry) {
        // Map keeps insertion order: re-inserting marks the entry as most recently used.
        entries.delete(subject);
        entries.set(subject, entry);
      }
      return entry;
    },
    set(subject, entry) {
      if (maxEntries === 0) return;
      entries.delete(subject);
      entries.set(subject, entry);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
