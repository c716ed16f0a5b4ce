import { Socket } from 'node:net';
import { hostname } from 'node:os';
import { closeDatabase, freshDatabase, type Db } from '../testing/projection.harness.js';
import { applicationName, createClient, createPool } from './database.js';

// The lock and LISTEN connections sit idle for hours: without TCP keepalive a vanished peer leaves
// them on a dead socket until the kernel's two-hour default.
describe('Postgres connections', () => {
  let db: Db;
  const calls: unknown[][] = [];
  const original = Socket.prototype.setKeepAlive;

  beforeAll(async () => {
    db = await freshDatabase();
    Socket.prototype.setKeepAlive = function (this: Socket, ...args: unknown[]) {
      calls.push(args);
      return original.apply(this, args as Parameters<Socket['setKeepAlive']>);
    };
  });

  afterAll(async () => {
    Socket.prototype.setKeepAlive = original;
    await closeDatabase(db);
  });

  it('turns TCP keepalive on for dedicated clients and pooled connections', async () => {
    const client = createClient(db.url, 'keepalive-test');
    await client.connect();
    await client.end();
    expect(calls).toEqual([[true, 10_000]]);
    const pool = createPool({ url: db.url, max: 1 });
    await pool.query('SELECT 1');
    await pool.end();
    expect(calls).toEqual([[true, 10_000], [true, 10_000]]);
  });

  it('names the role, host and pid in application_name, for pg_stat_activity', async () => {
    const client = createClient(db.url, 'projector-lock');
    const pool = createPool({ url: db.url, max: 1 });
    try {
      await client.connect();
      const own = await client.query<{ name: string }>('SELECT application_name AS name FROM pg_stat_activity WHERE pid = pg_backend_pid()');
      expect(own.rows[0]?.name).toBe(`projector-lock ${hostname()}/${process.pid}`.slice(0, 63));
      const pooled = await pool.query<{ name: string }>('SELECT application_name AS name FROM pg_stat_activity WHERE pid = pg_backend_pid()');
      expect(pooled.rows[0]?.name).toBe(applicationName('projection-service'));
      expect(applicationName('r'.repeat(70))).toHaveLength(63);
    } finally {
      await client.end();
      await pool.end();
    }
  });
});
