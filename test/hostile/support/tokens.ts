// Every kind of bearer token the access matrix sends (SPEC §3), signed for the HS256 services
// (shared secret) or for a JWKS-configured pair (RS256 keys served by a local JWKS endpoint).
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Role } from '../../../libs/http/src/auth/principal.js';
import { SECRET } from './system.js';

export type TokenKind =
  | 'none'
  | 'malformed'
  | 'wrong-signature'
  | 'expired'
  | 'alg-none'
  | 'hs256-signed-with-public-key'
  | 'rs256-header-hmac-signature'
  | 'rs256-when-hs256-expected'
  | 'viewer'
  | 'member'
  | 'admin'
  | 'member-of-other-account'
  | 'viewer-of-other-account';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
export const ACTOR = '6a1f0c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';

export type Keys = { privateKey: CryptoKey; publicKey: CryptoKey; publicPem: string; jwk: JWK };

export async function rsaKeys(): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'hostile-1', alg: 'RS256', use: 'sig' };
  return { privateKey, publicKey, publicPem: await exportSPKI(publicKey), jwk };
}

/** A JWKS endpoint on a free port serving `keys`. */
export async function serveJwks(keys: Keys): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [keys.jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}/jwks.json`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Claims = { role: Role; accounts: string[]; exp?: number };
const claims = (c: Claims) => ({ sub: ACTOR, iat: now(), exp: now() + 600, ...c });

const hs256 = (payload: object, secret: string | Uint8Array) =>
  new SignJWT({ ...payload }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);

/** Header and payload as given, signed with HMAC-SHA256 whatever the header says. */
const hmacToken = (header: object, payload: object, secret: string): string => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

const rs256 = (payload: object, keys: Keys) =>
  new SignJWT({ ...payload }).setProtectedHeader({ alg: 'RS256', kid: keys.jwk.kid as string, typ: 'JWT' }).sign(keys.privateKey);

/**
 * The Authorization header for `kind` (undefined = no header). `own` is the account the token
 * names; `other` the account a foreign token names. `mode` picks what a *valid* token is signed with.
 */
export async function authorization(kind: TokenKind, own: string, other: string, keys: Keys, mode: 'hs256' | 'jwks' = 'hs256'): Promise<string | undefined> {
  const valid = (c: Claims) => (mode === 'hs256' ? hs256(claims(c), SECRET) : rs256(claims(c), keys));
  const admin = claims({ role: 'owner', accounts: ['*'] });
  switch (kind) {
    case 'none':
      return undefined;
    case 'malformed':
      return `Bearer ${randomUUID()}.not-a-jwt`;
    case 'wrong-signature':
      return `Bearer ${await hs256(admin, 'another-secret-that-is-also-32-bytes-long!')}`;
    case 'expired':
      return `Bearer ${await valid({ role: 'owner', accounts: ['*'], exp: now() - 3600 })}`;
    case 'alg-none':
      return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(admin)}.`;
    case 'hs256-signed-with-public-key':
      return `Bearer ${hmacToken({ alg: 'HS256', typ: 'JWT', kid: keys.jwk.kid }, admin, keys.publicPem)}`;
    case 'rs256-header-hmac-signature':
      return `Bearer ${hmacToken({ alg: 'RS256', typ: 'JWT', kid: keys.jwk.kid }, admin, SECRET)}`;
    case 'rs256-when-hs256-expected':
      return `Bearer ${await (mode === 'hs256' ? rs256(admin, keys) : hs256(admin, SECRET))}`;
    case 'viewer':
    case 'member':
    case 'admin':
      return `Bearer ${await valid({ role: kind, accounts: [own] })}`;
    case 'member-of-other-account':
      return `Bearer ${await valid({ role: 'member', accounts: [other] })}`;
    case 'viewer-of-other-account':
      return `Bearer ${await valid({ role: 'viewer', accounts: [other] })}`;
  }
}

export const TOKEN_KINDS: readonly TokenKind[] = [
  'none', 'malformed', 'wrong-signature', 'expired', 'alg-none', 'hs256-signed-with-public-key',
  'rs256-header-hmac-signature', 'rs256-when-hs256-expected', 'viewer', 'member', 'admin',
  'member-of-other-account', 'viewer-of-other-account',
];
