import type { Principal } from './principal.js';

/**
 * Tokens already verified, keyed by the raw token string: the same string is the same signature
 * over the same claims, so its verdict cannot change before the token expires — except by a key
 * leaving a JWKS, which `maxAgeMs` bounds. Only successes are kept, so junk tokens cannot push
 * good ones out or fill memory; the least recently used entry goes first.
 */
export type VerifiedTokenCache = {
  get(token: string, nowMs?: number): Principal | undefined;
  /** `expiresAtMs` is the token's `exp`: the entry never outlives it. */
  set(token: string, principal: Principal, expiresAtMs: number, nowMs?: number): void;
  readonly size: number;
};

export type VerifiedTokenCacheOptions = { maxEntries: number; maxAgeMs: number };

type Entry = { principal: Principal; validUntilMs: number };

/** Longest token kept: a bound on memory per entry, far above any real bearer token. */
const MAX_TOKEN_LENGTH = 8_192;

export function createVerifiedTokenCache(options: VerifiedTokenCacheOptions): VerifiedTokenCache {
  // A Map iterates in insertion order: re-inserting on a hit makes its first key the least recent.
  const entries = new Map<string, Entry>();

  const get = (token: string, nowMs = Date.now()): Principal | undefined => {
    const entry = entries.get(token);
    if (entry === undefined) return undefined;
    entries.delete(token);
    if (nowMs >= entry.validUntilMs) return undefined;
    entries.set(token, entry);
    return entry.principal;
  };

  const set = (token: string, principal: Principal, expiresAtMs: number, nowMs = Date.now()): void => {
    const validUntilMs = Math.min(expiresAtMs, nowMs + options.maxAgeMs);
    if (validUntilMs <= nowMs || token.length > MAX_TOKEN_LENGTH || options.maxEntries < 1) return;
    entries.delete(token);
    entries.set(token, { principal, validUntilMs });
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done === true) break;
      entries.delete(oldest.value);
    }
  };

  return {
    get,
    set,
    get size() {
      return entries.size;
    },
  };
}
