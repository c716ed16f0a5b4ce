import { createAggregateCache } from './aggregate-cache.js';

describe('aggregate cache', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const cache = createAggregateCache<string>(2);
    cache.set('a', { state: 'A', version: 1 });
    cache.set('b', { state: 'B', version: 2 });
    cache.get('a');
    cache.set('c', { state: 'C', version: 3 });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ state: 'A', version: 1 });
    expect(cache.size).toBe(2);
  });

  it('holds nothing with size 0', () => {
    const cache = createAggregateCache<string>(0);
    cache.set('a', { state: 'A', version: 1 });
    expect(cache.get('a')).toBeUndefined();
  });
});
