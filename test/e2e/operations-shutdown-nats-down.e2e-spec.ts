import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { waitFor } from './command-service.harness.js';
import { startProcess, type RunningProcess } from './operations.harness.js';

// SPEC §8 shutdown when NATS is the thing that failed: a pod stopped during a NATS outage must still
// end on SIGTERM, not wait for a reconnect until Kubernetes kills it.

let nats: NatsServer;
let db: TestDatabase;
const running: RunningProcess[] = [];

beforeAll(async () => {
  [nats, db] = await Promise.all([startNats(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.allSettled(running.map((p) => p.stop('SIGKILL')));
  await nats?.stop();
  await db?.drop();
});

describe('graceful shutdown with NATS gone (SPEC §8)', () => {
  it('both services exit on SIGTERM within 10 s while NATS is down', async () => {
    const command = await startProcess('command-service', { NATS_URL: nats.url, LOG_LEVEL: 'warn' });
    running.push(command);
    const query = await startProcess('projection-service', { NATS_URL: nats.url, DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    running.push(query);
    for (const service of [command, query]) await waitFor(async () => (await fetch(`${service.baseUrl}/health/ready`)).status === 200, 20_000, service.output);
    await nats.stop();
    for (const service of [command, query]) await waitFor(async () => (await fetch(`${service.baseUrl}/health/ready`)).status === 503, 20_000, service.output);
    const signalled = Date.now();
    const [commandExit, queryExit] = await Promise.all([command.stop('SIGTERM'), query.stop('SIGTERM')]);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    // The command service exits 0 after its own close; the projection service's Nest hook re-raises the signal.
    expect([commandExit, queryExit]).toEqual([0, 'SIGTERM']);
  }, 60_000);
});
