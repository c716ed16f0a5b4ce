import 'reflect-metadata';
import { createHttpApp } from '../../libs/http/src/bootstrap/create-http-app.js';
import { integer, requireString } from '../../libs/http/src/config/env.js';
import { loadHttpConfig } from '../../libs/http/src/config/http.config.js';
import { PeerModule } from './peer.module.js';

/** The CRUD peer of SPEC §9: same edge (createHttpApp: auth guard, error filters), Postgres instead of events. */
async function main(): Promise<void> {
  const env = process.env;
  const http = loadHttpConfig(env);
  const port = integer(env, 'PEER_PORT', { min: 0, max: 65_535, default: 3002 });
  const config = {
    databaseUrl: requireString(env, 'DATABASE_URL'),
    poolSize: integer(env, 'DATABASE_POOL_SIZE', { min: 1, max: 200, default: 10 }),
  };
  const app = await createHttpApp(PeerModule.forRoot(config), { service: 'crud-peer', config: http });
  await app.listen(port, '127.0.0.1');
}

main().catch((err: unknown) => {
  process.stderr.write(`crud-peer failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
