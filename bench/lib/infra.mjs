// The run's own nats-server and Postgres: loopback only, temporary stores, removed at the end
// (the servers the tests use too: scripts/lib/local-servers.mjs).
import { createDatabase as createNamedDatabase, freePort, startNats as startLocalNats, startThrowawayPostgres } from '../../scripts/lib/local-servers.mjs';

export { freePort };

export const startNats = () => startLocalNats({ prefix: 'ar-bench-nats-' });

/** DATABASE_URL's server when set (the bench creates and drops its own databases there), else embedded. */
export async function startPostgres() {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, kind: 'DATABASE_URL', stop: async () => {} };
  const { adminUrl, stop } = await startThrowawayPostgres({ prefix: 'ar-bench-pg-' });
  return { adminUrl, kind: 'embedded', stop };
}

/** A fresh database on the run's server; `drop()` ends its sessions first. */
export const createDatabase = (adminUrl, label) => createNamedDatabase(adminUrl, `ar_bench_${label}`);
