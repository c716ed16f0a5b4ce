import { SignJWT } from 'jose';
import { parseDuration } from '../config/env.js';
import type { Role } from './principal.js';

export type DevTokenOptions = {
  secret: string | Uint8Array;
  sub: string;
  role: Role;
  accounts?: readonly string[];
  /** "12h", "30m", plain milliseconds or a number of milliseconds; default 12h. */
  ttl?: string | number;
  issuer?: string;
  audience?: string;
};

/** Signs an HS256 token the services accept when configured with the same secret (tests, `npm run token`). */
export async function signDevToken(options: DevTokenOptions): Promise<string> {
  const secret = typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
  const ttlMs = typeof options.ttl === 'number' ? options.ttl : parseDuration(options.ttl ?? '12h');
  if (ttlMs === undefined) throw new Error(`signDevToken: bad ttl "${String(options.ttl)}"`);
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ role: options.role, accounts: [...(options.accounts ?? [])] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.ceil(ttlMs / 1000));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(secret);
}
