import { createKeyedQueue } from './keyed-queue.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('keyed queue', () => {
  it('runs one task at a time per key, in order, and keys independently', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run('a', async () => {
      log.push('a1 start');
      await gate.promise;
      log.push('a1 end');
    });
    const second = queue.run('a', async () => void log.push('a2'));
    await queue.run('b', async () => void log.push('b1'));
    expect(log).toEqual(['a1 start', 'b1']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('keeps going after a failed task and forgets idle keys', async () => {
    const queue = createKeyedQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 42);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
    await queue.drain();
    expect(queue.size).toBe(0);
  });

  it('drain waits for queued work', async () => {
    const queue = createKeyedQueue();
    const gate = deferred();
    let done = false;
    void queue.run('a', async () => {
      await gate.promise;
      done = true;
    });
    const drained = queue.drain().then(() => done);
    gate.resolve();
    await expect(drained).resolves.toBe(true);
  });
});
