import { Socket } from 'node:net';
import { closeDatabase, freshDatabase, type Db } from '../testing/projection.harness.js';
import { createClient, createPool } from './database.js';

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
});
