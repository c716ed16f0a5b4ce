import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { startKvBucket } from '../../../test/support/nats-server.js';
import { createDeliveriesLog, type DeliveryRecord } from './deliveries-log.js';

let server: Awaited<ReturnType<typeof startKvBucket>>;
let kv: KV;

beforeAll(async () => {
  server = await startKvBucket('deliveries_test');
  kv = server.kv;
});
afterAll(() => server.stop());

const attempt = (position: number): DeliveryRecord => ({ event_id: `e-${position}`, type: 'catalog.PackageCreated', position, time: new Date().toISOString(), attempt: 1, status: 204, duration_ms: 1, outcome: 'delivered' });

describe('the deliveries log', () => {
  it('keeps the latest attempts, newest first, none lost when many arrive at once', async () => {
    const log = createDeliveriesLog(kv, { kept: 10, flushMs: 50 });
    const id = randomUUID();
    await Promise.all(Array.from({ length: 15 }, (_, i) => log.record(id, attempt(i + 1))));
    await log.flush();
    expect((await log.latest(id)).map((d) => d.position)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  });

  it('is written within its flush interval, continues from what the bucket holds, and is forgotten with its webhook', async () => {
    const id = randomUUID();
    const first = createDeliveriesLog(kv, { flushMs: 50 });
    await first.record(id, attempt(1));
    expect(await first.latest(id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await first.latest(id)).map((d) => d.position)).toEqual([1]);
    const next = createDeliveriesLog(kv, { flushMs: 50 });
    await next.record(id, attempt(2));
    await next.flush();
    expect((await next.latest(id)).map((d) => d.position)).toEqual([2, 1]);
    await next.forget(id);
    expect(await next.latest(id)).toEqual([]);
  });
});
