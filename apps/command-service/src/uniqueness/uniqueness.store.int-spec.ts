import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNats, type NatsServer } from '../../../../test/support/nats-server.js';
import { openBucket } from '../nats/kv-buckets.js';
import { createUniquenessStore, hexKey, tupleKey, type UniquenessStore } from './uniqueness.store.js';

let nats: NatsServer;
const connections: NatsConnection[] = [];
let bucketCount = 0;

beforeAll(async () => {
  nats = await startNats();
});
afterAll(async () => {
  await Promise.all(connections.map((nc) => nc.close()));
  await nats.stop();
});

type Options = { holds?: (owner: string, value: string) => Promise<boolean>; graceMs?: number };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two stores on two connections over one bucket: two command-service processes. */
async function twoStores(options: Options = {}): Promise<[UniquenessStore<string>, UniquenessStore<string>]> {
  const bucket = `uniq_${++bucketCount}`;
  const make = async () => {
    const nc = await connect({ servers: nats.url });
    connections.push(nc);
    return createUniquenessStore<string>({
      kv: await openBucket(nc, bucket, { replicas: 1 }),
      key: hexKey,
      holds: options.holds ?? (async () => false),
      graceMs: options.graceMs ?? 60_000,
    });
  };
  return [await make(), await make()];
}

describe('uniqueness store (NATS KV)', () => {
  it('lets exactly one of 50 concurrent reservations of one value win across two stores', async () => {
    const [a, b] = await twoStores();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).reserve('argo-workflows', `pkg_${i}`)),
    );
    const winners = results.filter((r) => r.outcome === 'reserved');
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'taken')).toHaveLength(49);
  });

  it('blocks on an orphaned reservation only for the grace period (server time), then reclaims it', async () => {
    const [a, b] = await twoStores({ graceMs: 1_500 });
    expect(await a.reserve('orphan', 'pkg_dead')).toEqual({ outcome: 'reserved' });
    expect(await b.reserve('orphan', 'pkg_new')).toEqual({ outcome: 'taken', owner: 'pkg_dead' });
    await sleep(1_600);
    expect(await b.reserve('orphan', 'pkg_new')).toEqual({ outcome: 'reserved' });
    expect(await a.reserve('orphan', 'pkg_dead')).toMatchObject({ outcome: 'taken', owner: 'pkg_new' });
  });

  it('ages a reservation by the server, not by a time another process wrote into it', async () => {
    const bucket = `uniq_${bucketCount + 1}`;
    const [, b] = await twoStores({ graceMs: 60_000 });
    const nc = await connect({ servers: nats.url });
    connections.push(nc);
    // A writer whose clock is far behind (or one reading another far ahead) would call this ancient.
    const raw = await openBucket(nc, bucket, { replicas: 1 });
    await raw.create(hexKey('skewed'), JSON.stringify({ owner: 'pkg_in_flight', at: '2000-01-01T00:00:00.000Z' }));
    expect(await b.reserve('skewed', 'pkg_thief')).toEqual({ outcome: 'taken', owner: 'pkg_in_flight' });
  });

  it('never reclaims a value its owner holds, and resolves only backed reservations', async () => {
    const held = new Set(['pkg_live']);
    const [a, b] = await twoStores({ graceMs: 10, holds: async (owner) => held.has(owner) });
    await a.reserve('kept', 'pkg_live');
    await a.reserve('pending', 'pkg_other');
    await sleep(50);
    expect(await b.reserve('kept', 'pkg_thief')).toEqual({ outcome: 'taken', owner: 'pkg_live' });
    expect(await b.resolve('kept')).toBe('pkg_live');
    expect(await b.resolve('pending')).toBeUndefined();
    expect(await b.resolve('never-reserved')).toBeUndefined();
  });

  it('answers ours to the owner and releases only at the revision seen before a touch', async () => {
    const [a, b] = await twoStores();
    await a.reserve('x', 'pkg_1');
    const seen = await b.revisionOf('x', 'pkg_1');
    expect(await b.reserve('x', 'pkg_1')).toEqual({ outcome: 'ours' });
    await a.release('x', 'pkg_1', seen);
    expect(await a.revisionOf('x', 'pkg_1')).toBeGreaterThan(seen ?? 0);
    await a.release('x', 'pkg_other');
    expect(await a.revisionOf('x', 'pkg_1')).toBeDefined();
    await a.release('x', 'pkg_1');
    expect(await b.reserve('x', 'pkg_2')).toEqual({ outcome: 'reserved' });
  });

  it('keys any string, including ones raw KV keys reject', async () => {
    const [a] = await twoStores();
    for (const value of ['.a', 'a.', 'a..b', 'a-', 'a b/c*>', 'ünï']) {
      expect(await a.reserve(value, 'pkg_1')).toEqual({ outcome: 'reserved' });
    }
    expect(tupleKey(['a|b', 'c'])).not.toBe(tupleKey(['a', 'b|c']));
  });
});
