import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/http.config.js';
import { ServiceUnavailableError } from '../errors/http.errors.js';
import { InvalidTokenError } from './auth.errors.js';
import { isRole, type Principal } from './principal.js';
import { createVerifiedTokenCache, type VerifiedTokenCache } from './verified-token.cache.js';

export type TokenVerifier = (token: string) => Promise<Principal>;

export const CLOCK_SKEW_SECONDS = 60;
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];

type Key = Uint8Array | JWTVerifyGetKey;
type VerifyOptions = { issuer?: string; audience?: string; algorithms: string[] };

/**
 * Verified tokens are remembered (see `VerifiedTokenCache`): a client sends the same token with
 * every request, and an HMAC or RSA check per request was the largest share of a request's CPU.
 * A minute bounds how long a key dropped from a JWKS still counts for a token verified before.
 */
const TOKEN_CACHE = { maxEntries: 10_000, maxAgeMs: 60_000 };

/** Builds the verifier for the configured keys; a JWKS is fetched lazily, cached and refetched on an unknown `kid`. */
export function createTokenVerifier(config: AuthConfig, jwksOptions: { cooldownMs?: number } = {}): TokenVerifier {
  const { keys, issuer, audience } = config;
  const base = { ...(issuer && { issuer }), ...(audience && { audience }) };
  if (keys.kind === 'secret') return verifierFor(keys.secret, { ...base, algorithms: ['HS256'] });
  // An unknown kid refetches the set, at most once per cooldown, so junk tokens cannot hammer the issuer.
  const jwks = createRemoteJWKSet(keys.jwksUrl, {
    cooldownDuration: jwksOptions.cooldownMs ?? 30_000,
    cacheMaxAge: 600_000,
  });
  return verifierFor(jwks, { ...base, algorithms: JWKS_ALGORITHMS });
}

/** Exposed for tests with a local key set; apps use `createTokenVerifier`. */
export function verifierFor(key: Key, options: VerifyOptions, cache: VerifiedTokenCache = createVerifiedTokenCache(TOKEN_CACHE)): TokenVerifier {
  // jose imports a raw secret into a CryptoKey on every call unless it is handed one.
  const hmacKey = typeof key === 'function' ? undefined : importHmacKey(key);
  return async (token) => {
    const cached = cache.get(token);
    if (cached !== undefined) return cached;
    let payload: JWTPayload;
    try {
      // The algorithm allow-list is what stops `alg: none` and HS/RS key confusion.
      const result = await jwtVerify(token, (hmacKey ? await hmacKey : key) as Uint8Array, {
        ...options,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp'],
      });
      payload = result.payload;
    } catch (error) {
      if (typeof key === 'function' && isKeySetUnavailable(error)) {
        throw new ServiceUnavailableError(5, 'The token signing keys cannot be fetched right now.');
      }
      throw new InvalidTokenError(reasonOf(error));
    }
    const principal = principalFrom(payload);
    // `exp` is required above; the skew that let a just-expired token through does not extend the entry.
    cache.set(token, principal, (payload.exp ?? 0) * 1000);
    return principal;
  };
}

/** HS256 is the only algorithm a secret is configured for, so the key is imported for it alone. */
function importHmacKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  const imported = webcrypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  // A failed import surfaces as each request's verification error, never as an unhandled rejection.
  imported.catch(() => undefined);
  return imported;
}

/** Claims → Principal; a token without a usable `sub`, `role` or `accounts` is invalid. */
export function principalFrom(payload: JWTPayload): Principal {
  const { sub } = payload;
  const role = payload['role'];
  const accounts = payload['accounts'] ?? [];
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('claim "sub" is missing');
  if (!isRole(role)) throw new InvalidTokenError('claim "role" must be viewer, member, admin or owner');
  if (!Array.isArray(accounts) || !accounts.every((a): a is string => typeof a === 'string')) {
    throw new InvalidTokenError('claim "accounts" must be an array of strings');
  }
  // Frozen: a cached principal is shared by every request carrying the same token.
  return Object.freeze({ sub, role, accounts: accounts.includes('*') ? '*' : Object.freeze([...accounts]) });
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" ${error.reason}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key matches the token';
  return 'malformed token';
}

/** The key set could not be fetched: not the caller's fault, so not a 401. */
function isKeySetUnavailable(error: unknown): boolean {
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError);
}
