import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` and the base64 of 32 random bytes (SPEC §10). */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The key bytes of a secret; throws on anything that is not a secret this register issued. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length !== SECRET_BYTES) throw new Error(`a webhook secret holds ${SECRET_BYTES} bytes`);
  return key;
}

/** Secrets whose keys are kept decoded at most: beyond it the cache starts over. */
const MAX_CACHED_KEYS = 1_024;
const keys = new Map<string, KeyObject>();

/** The HMAC key of a secret, decoded and checked once rather than for every delivery. */
function signingKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (key === undefined) {
    key = createSecretKey(secretKey(secret));
    if (keys.size >= MAX_CACHED_KEYS) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

export type SignedHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * The Standard Webhooks headers of one delivery: `v1,<base64 HMAC-SHA256>` over
 * `<id>.<timestamp>.<body>`, one entry per active secret (two while a rotated secret overlaps), so a
 * receiver holding either secret verifies the same request.
 */
export function signDelivery(secrets: readonly string[], id: string, timestampSeconds: number, body: Uint8Array): SignedHeaders {
  if (secrets.length === 0) throw new Error('a delivery needs at least one secret');
  const timestamp = String(timestampSeconds);
  const signatures = secrets.map((secret) => {
    const mac = createHmac('sha256', signingKey(secret));
    mac.update(`${id}.${timestamp}.`);
    mac.update(body);
    return `v1,${mac.digest('base64')}`;
  });
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}
