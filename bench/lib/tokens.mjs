// HS256 tokens from the project's own signDevToken (compiled into the bench build).
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { builtEntry } from './build.mjs';

export const secret = randomBytes(32).toString('hex');

export async function adminToken() {
  const { signDevToken } = await import(pathToFileURL(builtEntry('libs/http/src/auth/dev-token.ts')).href);
  return signDevToken({ secret, sub: randomUUID(), role: 'admin', accounts: ['*'], ttl: '2h' });
}
