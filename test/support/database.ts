import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

const adminUrl = (): string => {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run Postgres tests in the jest "integration" project');
  return url;
};

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, uniquely named database on the run's Postgres server, so test files (and two jest runs
 * sharing one `DATABASE_URL`) never see each other's tables. `drop()` ends its sessions first.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ar_test_${randomBytes(8).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
