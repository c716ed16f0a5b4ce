#!/usr/bin/env node
// Prints a development JWT on stdout:
//   npm run -s token -- --role admin --account <uuid> [--account ...] [--sub <uuid>] [--ttl 1h]
// `--account '*'` grants every account. Signed with AUTH_JWT_SECRET, else .local/dev-secret.
import { parseCommandLine, USAGE_ERROR } from './lib/command-line.mjs';
import { resolveSecret } from './lib/dev-secret.mjs';
import { mintToken, ROLES } from './lib/jwt.mjs';

const TOKEN_COMMAND_LINE = {
  name: 'token',
  usage: `usage: npm run -s token -- --role <${ROLES.join('|')}> --account <uuid|*> [--account ...] [--sub <uuid>] [--ttl 1h]

Prints a development JWT on stdout, signed with AUTH_JWT_SECRET, else .local/dev-secret (the secret
npm start uses). --account '*' grants every account; AUTH_ISSUER and AUTH_AUDIENCE are carried when set.`,
  options: {
    role: { type: 'string' },
    account: { type: 'string', multiple: true },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '1h' },
  },
  validate: ({ values }) =>
    !values.role ? '--role is required' : !ROLES.includes(values.role) ? `--role must be one of ${ROLES.join(', ')}, got '${values.role}'` : undefined,
};

async function main() {
  const { values } = parseCommandLine(process.argv.slice(2), TOKEN_COMMAND_LINE);
  if (process.env.AUTH_JWKS_URL && !process.env.AUTH_JWT_SECRET) {
    console.error('note: AUTH_JWKS_URL is set; the services will reject this HS256 token unless AUTH_JWT_SECRET is also set');
  }
  const { secret, source } = resolveSecret(process.env);
  const claims = { role: values.role, accounts: (values.account ?? []).map((a) => a.toLowerCase()), sub: values.sub, ttl: values.ttl };
  // mintToken refuses only what the command line gave it (role, account, sub, ttl): a usage error.
  const token = await mintToken({ secret, ...claims, issuer: process.env.AUTH_ISSUER, audience: process.env.AUTH_AUDIENCE }).catch((err) => {
    console.error(`token: ${err.message}\n${TOKEN_COMMAND_LINE.usage.split('\n')[0]}`);
    process.exit(USAGE_ERROR);
  });
  console.error(`token for role ${values.role}, accounts [${(values.account ?? []).join(', ')}], ttl ${values.ttl}, signed with ${source}`);
  console.log(token);
}

main().catch((err) => {
  console.error(`token: ${err.message}`);
  process.exit(1);
});
