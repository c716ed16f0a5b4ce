// The development JWT secret: AUTH_JWT_SECRET when given, else one generated once into
// .local/dev-secret, so tokens minted by `npm run token` keep working across restarts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { devSecretFile, localDir } from './paths.mjs';

const MIN_BYTES = 32;

function readOrCreateDevSecret() {
  try {
    return readFileSync(devSecretFile, 'utf8').trim();
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  mkdirSync(localDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(devSecretFile, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Returns `{ secret, source }`; throws when AUTH_JWT_SECRET is set but too short for HS256. */
export function resolveSecret(env) {
  const given = env.AUTH_JWT_SECRET;
  if (given !== undefined && given !== '') {
    if (Buffer.byteLength(given, 'utf8') < MIN_BYTES) {
      throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_BYTES} bytes (HS256); it has ${Buffer.byteLength(given, 'utf8')}`);
    }
    return { secret: given, source: 'AUTH_JWT_SECRET' };
  }
  return { secret: readOrCreateDevSecret(), source: '.local/dev-secret' };
}
