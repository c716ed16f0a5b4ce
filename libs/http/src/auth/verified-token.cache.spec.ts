import type { Principal } from './principal.js';
import { createVerifiedTokenCache } from './verified-token.cache.js';

const alice: Principal = { sub: 'alice', role: 'admin', accounts: '*' };
const bob: Principal = { sub: 'bob', role: 'viewer', accounts: [] };
const T0 = 1_800_000_000_000;

describe('verified token cache', () => {
  it('answers a token until its exp and never at or after it', () => {
    const cache = createVerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set('t1', alice, T0 + 5_000, T0);
    expect(cache.get('t1', T0 + 4_999)).toBe(alice);
    expect(cache.get('t1', T0 + 5_000)).toBeUndefined();
    // An expired entry is dropped, not kept until evicted.
    expect(cache.size).toBe(0);
  });

  it('keeps no entry longer than maxAgeMs, whatever the exp', () => {
    const cache = createVerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set('t1', alice, T0 + 3_600_000, T0);
    expect(cache.get('t1', T0 + 59_999)).toBe(alice);
    expect(cache.get('t1', T0 + 60_000)).toBeUndefined();
  });

  it('does not keep a token already past its exp (one let through by the clock skew)', () => {
    const cache = createVerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set('late', alice, T0 - 30_000, T0);
    cache.set('now', alice, T0, T0);
    expect(cache.size).toBe(0);
    expect(cache.get('late', T0)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = createVerifiedTokenCache({ maxEntries: 2, maxAgeMs: 60_000 });
    cache.set('a', alice, T0 + 10_000, T0);
    cache.set('b', bob, T0 + 10_000, T0);
    expect(cache.get('a', T0)).toBe(alice);
    cache.set('c', bob, T0 + 10_000, T0);
    expect(cache.size).toBe(2);
    expect(cache.get('b', T0)).toBeUndefined();
    expect(cache.get('a', T0)).toBe(alice);
    expect(cache.get('c', T0)).toBe(bob);
  });

  it('matches the exact token string only', () => {
    const cache = createVerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set('header.payload.signature', alice, T0 + 10_000, T0);
    expect(cache.get('header.payload.signaturf', T0)).toBeUndefined();
    expect(cache.get('header.payload.signature ', T0)).toBeUndefined();
    expect(cache.get('HEADER.payload.signature', T0)).toBeUndefined();
  });

  it('does not keep oversized tokens', () => {
    const cache = createVerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set('x'.repeat(8_193), alice, T0 + 10_000, T0);
    expect(cache.size).toBe(0);
  });
});
