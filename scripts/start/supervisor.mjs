// The process that owns everything `npm start` runs. It lives in its own process group, so a
// Ctrl-C reaches only the foreground script, which asks it (over IPC) to stop; then it stops the
// children in order — gateway, services, Postgres, NATS — each bounded. If the foreground dies
// (IPC disconnect), it stops everything the same way, so nothing is left behind.
import { join } from 'node:path';
import { localDir } from '../lib/paths.mjs';
import { resolveSecret } from '../lib/dev-secret.mjs';
import { checkNatsUrl, startNatsServer } from './nats.mjs';
import { ensureDatabase, redact, startEmbeddedPostgres } from './postgres.mjs';
import { freePort } from './ports.mjs';
import { assignPorts, GATEWAY, gatewayBuilt, SERVICES, startService } from './services.mjs';
import { printBanner } from './banner.mjs';

const say = (line) => console.log(`npm start: ${line}`);
/** What runs, by start stage; shutdown stops the stages in reverse, each stage in parallel. */
const stages = { nats: [], postgres: [], services: [], gateway: [] };
let stopping;
/** Registers a child the moment it is spawned; one that appears during shutdown is stopped at once. */
const track = (stage) => (thing) => {
  stages[stage].push(thing);
  if (stopping) void thing.stop();
};

async function setupNats(env, info) {
  if (env.NATS_URL?.trim()) {
    await checkNatsUrl(env.NATS_URL);
    info.nats = `${redact(env.NATS_URL)} (NATS_URL)`;
    return;
  }
  const { url } = await startNatsServer({ dir: join(localDir, 'nats'), port: await freePort(), track: track('nats') });
  env.NATS_URL = url;
  info.nats = `${url} (nats-server, JetStream in .local/nats)`;
}

async function setupPostgres(env, info) {
  if (env.DATABASE_URL?.trim()) {
    if (await ensureDatabase(env.DATABASE_URL, 'DATABASE_URL')) say(`created the database named in DATABASE_URL`);
    info.postgres = `${redact(env.DATABASE_URL)} (DATABASE_URL)`;
    return;
  }
  say('starting the embedded Postgres (data in .local/postgres)');
  const log = [];
  const keep = (line) => log.push(line) > 200 && log.shift();
  const options = { dir: join(localDir, 'postgres'), port: await freePort(), log: keep, track: track('postgres') };
  const server = await startEmbeddedPostgres(options).catch((err) => {
    throw new Error(`${err.message}\n--- embedded Postgres log ---\n${log.join('').split('\n').slice(-30).join('\n')}`);
  });
  env.DATABASE_URL = server.url;
  info.postgres = `${server.url} (embedded${server.created ? ', new database' : ''})`;
}

function setupAuth(env) {
  if (env.AUTH_JWKS_URL?.trim() && !env.AUTH_JWT_SECRET) return undefined;
  const { secret, source } = resolveSecret(env);
  env.AUTH_JWT_SECRET = secret;
  return { secret, source };
}

async function start() {
  const env = { ...process.env };
  // The children write to pipes (this process prefixes their lines), so left to `auto` they would
  // log JSON: ask for readable lines when the person who ran npm start reads them on a terminal.
  if (process.stdout.isTTY && (env.LOG_FORMAT ?? 'auto').toLowerCase() === 'auto') env.LOG_FORMAT = 'pretty';
  // Local development: webhooks may point at receivers on this machine (SPEC §10), unless set otherwise.
  env.WEBHOOK_ALLOW_PRIVATE ??= 'true';
  const info = {};
  const auth = setupAuth(env);
  await assignPorts(env, say);
  await setupNats(env, info);
  await setupPostgres(env, info);
  await Promise.all(SERVICES.map((service) => startService(service, env, track('services'))));
  if (gatewayBuilt()) await startService(GATEWAY, env, track('gateway'));
  if (stopping) return;
  await printBanner({ env, info, auth });
  watchForCrashes();
}

/** A service that dies after start-up takes the whole system down, loudly. */
function watchForCrashes() {
  for (const handle of Object.values(stages).flat().filter((h) => h.exited)) {
    handle.exited.then(({ code, signal }) => {
      if (stopping) return;
      console.error(handle.fail(`npm start: ${handle.name} exited (${signal ?? `code ${code}`}); stopping everything`).message);
      void shutdown(1);
    });
  }
}

function shutdown(code) {
  stopping ??= (async () => {
    const started = Object.values(stages).some((stage) => stage.length > 0);
    if (started) say('stopping');
    for (const stage of Object.values(stages).reverse()) {
      await Promise.all(stage.map((thing) => thing.stop().catch((err) => console.error(`${thing.name}: ${err.message}`))));
    }
    if (started) say('stopped');
    process.exit(code);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0));
// A closed terminal must not crash the supervisor before it has stopped its children.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
process.on('uncaughtException', (err) => {
  console.error(`npm start: ${err.stack ?? err}`);
  void shutdown(1);
});
process.on('message', (message) => message === 'stop' && void shutdown(0));
process.on('disconnect', () => void shutdown(0));
start().catch((err) => {
  if (stopping) return;
  console.error(`npm start: ${err.message}`);
  void shutdown(1);
});
