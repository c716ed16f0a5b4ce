#!/usr/bin/env node
// Prints a development JWT on stdout:
//   npm run -s token -- --role admin --account <uuid> [--account ...] [--sub <uuid>] [--ttl 1h]
// `--account '*'` grants every account. Signed with AUTH_JWT_SECRET, else .local/dev-secret.
import { parseArgs } from 'node:util';
import { resolveSecret } from './lib/dev-secret.mjs';
import { mintToken, ROLES } from './lib/jwt.mjs';

const usage = `usage: npm run -s token -- --role <${ROLES.join('|')}> --account <uuid|*> [--account ...] [--sub <uuid>] [--ttl 1h]`;

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      account: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(usage);
  if (!values.role) throw new Error('--role is required');
  if (process.env.AUTH_JWKS_URL && !process.env.AUTH_JWT_SECRET) {
    console.error('note: AUTH_JWKS_URL is set; the services will reject this HS256 token unless AUTH_JWT_SECRET is also set');
  }
  const { secret, source } = resolveSecret(process.env);
  const token = await mintToken({
    secret,
    role: values.role,
    accounts: (values.account ?? []).map((a) => a.toLowerCase()),
    sub: values.sub,
    ttl: values.ttl,
    issuer: process.env.AUTH_ISSUER,
    audience: process.env.AUTH_AUDIENCE,
  });
  console.error(`token for role ${values.role}, accounts [${(values.account ?? []).join(', ')}], ttl ${values.ttl}, signed with ${source}`);
  console.log(token);
}

main().catch((err) => {
  console.error(`token: ${err.message}\n${usage}`);
  process.exit(1);
});
