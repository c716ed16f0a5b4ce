// Mints the HS256 tokens the services accept (SPEC §3): sub, role, accounts, iat, exp, and
// iss/aud when AUTH_ISSUER/AUTH_AUDIENCE are configured, so a minted token passes their checks.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export const ROLES = ['viewer', 'member', 'admin', 'owner'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkClaims({ role, accounts, sub }) {
  if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}; got "${role}"`);
  for (const account of accounts) {
    if (account !== '*' && !UUID.test(account)) throw new Error(`account must be a lower-case UUID or "*"; got "${account}"`);
  }
  if (!sub) throw new Error('sub must not be empty');
}

/** `ttl` is a jose time span such as `30m`, `1h`, `7d`. */
export async function mintToken({ secret, role, accounts, sub = randomUUID(), ttl = '1h', issuer, audience }) {
  const claims = { role, accounts: accounts.includes('*') ? ['*'] : accounts };
  checkClaims({ ...claims, sub });
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt();
  try {
    jwt = jwt.setExpirationTime(ttl);
  } catch {
    throw new Error(`ttl must look like 30s, 15m, 1h or 7d; got "${ttl}"`);
  }
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
