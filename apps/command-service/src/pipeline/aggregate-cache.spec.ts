import { createAggregateCache, estimateBytes } from './aggregate-cache.js';

const roomy = { maxEntries: 100, maxBytes: 1 << 30 };
const bundle = (kib: number) => ({ files: [{ fileName: 'f.yaml', fileContents: 'x'.repeat(kib * 1024) }] });

describe('aggregate cache', () => {
  it('evicts the least recently used entry beyond its count bound', () => {
    const cache = createAggregateCache<string>({ ...roomy, maxEntries: 2 });
    cache.set('a', { state: 'A', version: 1 });
    cache.set('b', { state: 'B', version: 2 });
    cache.get('a');
    cache.set('c', { state: 'C', version: 3 });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ state: 'A', version: 1 });
    expect(cache.size).toBe(2);
  });

  it('holds nothing with size 0', () => {
    const cache = createAggregateCache<string>({ ...roomy, maxEntries: 0 });
    cache.set('a', { state: 'A', version: 1 });
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts least recently used entries until its estimated bytes fit the byte bound', () => {
    const cache = createAggregateCache<ReturnType<typeof bundle>>({ maxEntries: 100, maxBytes: 5 * 1024 * 1024 });
    for (const name of ['a', 'b', 'c', 'd']) cache.set(name, { state: bundle(600), version: 1 });
    cache.get('a');
    cache.set('e', { state: bundle(600), version: 1 });
    expect(['a', 'b', 'c', 'd', 'e'].map((name) => cache.get(name) !== undefined)).toEqual([true, false, true, true, true]);
    expect(cache.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(cache.bytes).toBe(4 * estimateBytes(bundle(600)));
  });

  it('does not keep an entry larger than the byte bound, and forgets the older state it replaces', () => {
    const cache = createAggregateCache<ReturnType<typeof bundle>>({ maxEntries: 100, maxBytes: 1024 * 1024 });
    cache.set('a', { state: bundle(1), version: 1 });
    cache.set('a', { state: bundle(700), version: 2 });
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('counts a replaced entry once', () => {
    const cache = createAggregateCache<ReturnType<typeof bundle>>(roomy);
    cache.set('a', { state: bundle(10), version: 1 });
    cache.set('a', { state: bundle(20), version: 2 });
    expect(cache.bytes).toBe(estimateBytes(bundle(20)));
  });

  it('does not walk a state again when the same state is stored again', () => {
    const cache = createAggregateCache<{ files: unknown[] }>(roomy);
    let walks = 0;
    const state = {
      get files() {
        walks++;
        return bundle(1).files;
      },
    };
    cache.set('a', { state, version: 1 });
    cache.set('a', { state, version: 1 });
    expect(walks).toBe(1);
    expect(cache.bytes).toBe(estimateBytes(bundle(1)));
  });
});

describe('estimateBytes', () => {
  it('grows with string content and structure, not below the text it holds', () => {
    expect(estimateBytes(bundle(100))).toBeGreaterThan(100 * 1024);
    expect(estimateBytes({ a: 'x', b: [1, 2, null, true] })).toBeGreaterThan(estimateBytes({ a: 'x' }));
    expect(estimateBytes(new Date())).toBeGreaterThan(0);
  });
});
