/**
 * One task at a time per key (an aggregate subject) inside this process: commands on one aggregate
 * never race each other here, so optimistic concurrency only has to settle races between processes.
 */
export type KeyedQueue = {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every task queued so far has settled (graceful shutdown: finish appends). */
  drain(): Promise<void>;
  readonly size: number;
};

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();

  const run = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    // The map only holds keys with queued work, so it stays as small as the in-flight set.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };

  const drain = async (): Promise<void> => {
    while (tails.size > 0) await Promise.all([...tails.values()]);
  };

  return {
    run,
    drain,
    get size() {
      return tails.size;
    },
  };
}
