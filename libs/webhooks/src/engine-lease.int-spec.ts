import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { startKvBucket } from '../../../test/support/nats-server.js';
import { createLease } from './engine-lease.js';

let server: Awaited<ReturnType<typeof startKvBucket>>;
let kv: KV;

beforeAll(async () => {
  server = await startKvBucket('lease_test');
  kv = server.kv;
});
afterAll(() => server.stop());

describe('the delivery engine lease', () => {
  it('is held by one process at a time, renewed by its holder, taken over once it lapses', async () => {
    const key = randomUUID();
    const [a, b] = [createLease(kv, key, 'a', 400), createLease(kv, key, 'b', 400)];
    expect(await a.tryHold()).toBe(true);
    expect(await b.tryHold()).toBe(false);
    expect(await a.tryHold()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await b.tryHold()).toBe(true);
    expect(await a.tryHold()).toBe(false);
  });

  it('passes at once when its holder releases it; two racing for a free one get it once', async () => {
    const key = randomUUID();
    const [a, b] = [createLease(kv, key, 'a', 60_000), createLease(kv, key, 'b', 60_000)];
    const won = await Promise.all([a.tryHold(), b.tryHold()]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const [holder, other] = won[0] ? [a, b] : [b, a];
    await holder.release();
    expect(await other.tryHold()).toBe(true);
  });
});
