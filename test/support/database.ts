import { createDatabase } from '../../scripts/lib/local-servers.mjs';

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

const adminUrl = (): string => {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run Postgres tests in the jest "integration" project');
  return url;
};

/**
 * A fresh, uniquely named database on the run's Postgres server, so test files (and two jest runs
 * sharing one `DATABASE_URL`) never see each other's tables. `drop()` ends its sessions first.
 */
export const createTestDatabase = (): Promise<TestDatabase> => createDatabase(adminUrl(), 'ar_test');
