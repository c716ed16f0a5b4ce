import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './database.js';

const query = async <T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
};

const exists = async (name: string): Promise<boolean> =>
  (await query(process.env.TEST_PG_ADMIN_URL ?? '', 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;

describe('createTestDatabase', () => {
  let databases: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(databases.map((db) => db.drop()));
    databases = [];
  });

  it('creates an empty database of its own, distinct on every call', async () => {
    databases = [await createTestDatabase(), await createTestDatabase()];
    const [first, second] = databases;
    expect(first?.name).toMatch(/^ar_test_[0-9a-f]{16}$/);
    expect(first?.name).not.toBe(second?.name);
    const [row] = await query<{ db: string; tables: string }>(
      first?.url ?? '',
      "SELECT current_database() AS db, count(*) AS tables FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(row).toEqual({ db: first?.name, tables: '0' });
    await query(first?.url ?? '', 'CREATE TABLE probe (id int)');
    const tables = await query(second?.url ?? '', "SELECT 1 FROM pg_tables WHERE tablename = 'probe'");
    expect(tables).toEqual([]);
  });

  it('drops the database even while a session is still open', async () => {
    const db = await createTestDatabase();
    const open = new pg.Client({ connectionString: db.url });
    await open.connect();
    open.on('error', () => undefined); // the forced drop terminates this session
    expect(await exists(db.name)).toBe(true);
    await db.drop();
    expect(await exists(db.name)).toBe(false);
    await open.end().catch(() => undefined);
  });
});
