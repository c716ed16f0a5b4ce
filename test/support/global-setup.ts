// Jest loads this file (and global-teardown.ts) through plain `require`, without moduleNameMapper:
// relative `.js` imports of TypeScript do not resolve here, so besides packages and builtins it
// imports only the plain ESM of scripts/lib.
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/lib/local-servers.mjs';

declare global {
  // Shared with globalTeardown, which runs in this same process.
  var __arEmbeddedPostgres: ThrowawayPostgres | undefined;
}

/**
 * Once per jest run: use `DATABASE_URL`'s server when given, otherwise start an embedded Postgres
 * (durability off: it is a test server). Workers are forked after this returns and inherit the
 * environment, so they find the server in `TEST_PG_ADMIN_URL`; each test file then creates its own
 * database on it (test/support/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const started = Date.now();
  const server = await startThrowawayPostgres({ prefix: 'ar-pg-', postgresFlags: ['-c', 'fsync=off'] });
  globalThis.__arEmbeddedPostgres = server;
  process.env.TEST_PG_ADMIN_URL = server.adminUrl;
  if (process.env.TEST_PG_VERBOSE) console.log(`\nembedded Postgres ready in ${Date.now() - started} ms`);
}
