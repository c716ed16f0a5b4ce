// What `npm start` prints once everything answers: where things are, and a token to try them.
import { mintToken } from '../lib/jwt.mjs';
import { GATEWAY, gatewayBuilt, SERVICES, serviceUrl } from './services.mjs';

const TOKEN_TTL = '24h';

export async function printBanner({ env, info, auth }) {
  const gateway = gatewayBuilt() ? serviceUrl(env, GATEWAY) : undefined;
  const [command, query] = SERVICES.map((service) => serviceUrl(env, service));
  const lines = ['', 'Artifact Register is running.', ''];
  if (gateway) lines.push(`  gateway             ${gateway}   (reads → query, writes → command; docs at ${gateway}/docs, console at ${gateway}/console/)`);
  lines.push(`  command-service     ${command}`, `  projection-service  ${query}`);
  lines.push(`  NATS                ${info.nats}`, `  Postgres            ${info.postgres}`, '');
  if (auth) {
    const token = await mintToken({
      secret: auth.secret,
      role: 'admin',
      accounts: ['*'],
      ttl: TOKEN_TTL,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
    });
    lines.push(`Admin token (role admin, every account, valid ${TOKEN_TTL}, signed with ${auth.source}):`, '');
    lines.push(`  export TOKEN=${token}`, '');
    if (gateway) lines.push('Web console, signed in with this token:', '', `  ${gateway}/console/#token=${token}`, '');
    lines.push('Try it:', '', `  curl -s -H "Authorization: Bearer $TOKEN" ${gateway ?? query}/packages`, '');
    lines.push("Other roles and accounts: npm run -s token -- --role member --account <uuid>");
  } else {
    lines.push('AUTH_JWKS_URL is set: use a token from that issuer (no development token is printed).');
  }
  lines.push('Press Ctrl-C to stop everything.', '');
  console.log(lines.join('\n'));
}
