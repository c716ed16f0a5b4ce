import { DeliveryLanes, emptyDelivery, type DeliveryItem } from './delivery-lanes.js';

const item = (seq: number, subject: string): DeliveryItem => ({ seq, subject, type: 'catalog.PackageUpdated', id: `e-${seq}`, time: new Date(seq * 1000).toISOString(), bytes: new Uint8Array([seq]) });
const seqs = (items: DeliveryItem[]) => items.map((i) => i.seq);
const retry = (next_at: number) => ({ failures: 1, first_failure_at: 0, next_at });

describe('delivery lanes', () => {
  it('run one event per aggregate at a time, in stream order, aggregates side by side', () => {
    const lanes = new DeliveryLanes(emptyDelivery(0));
    [item(1, 'a'), item(2, 'b'), item(3, 'a')].forEach((i) => (lanes.read(i.seq), lanes.add(i)));
    const first = lanes.take(0, 10);
    expect(seqs(first)).toEqual([1, 2]);
    expect(seqs(lanes.take(0, 10))).toEqual([]);
    lanes.settled(first[0] as DeliveryItem, true);
    expect(seqs(lanes.take(0, 10))).toEqual([3]);
    expect(lanes.cursor).toBe(1);
  });

  it('hold a failed aggregate back until its retry is due, stored with what waits behind it; others flow', () => {
    const lanes = new DeliveryLanes(emptyDelivery(0));
    [item(1, 'a'), item(2, 'b'), item(3, 'a'), item(4, 'b')].forEach((i) => (lanes.read(i.seq), lanes.add(i)));
    const [a1, b2] = lanes.take(0, 10) as [DeliveryItem, DeliveryItem];
    lanes.failed(a1, retry(1_000));
    expect(lanes.failingSince).toBe(0);
    lanes.settled(b2, true);
    expect(lanes.failingSince).toBeUndefined();
    expect(seqs(lanes.take(500, 10))).toEqual([4]);
    expect(lanes.nextRetryAt()).toBe(1_000);
    const stored = lanes.snapshot();
    expect(stored.lanes).toEqual([{ subject: 'a', retry: retry(1_000), held: [expect.objectContaining({ seq: 1 }), expect.objectContaining({ seq: 3 })] }]);
    expect(JSON.stringify(stored)).not.toContain('bytes');
    // Held events no longer pin the cursor: b's 4 (running) does.
    expect(stored.cursor).toBe(3);
    expect(lanes.unheld()).toBe(1);
    expect(seqs(lanes.take(1_000, 10))).toEqual([1]);
  });

  it('resume after a restart with the held events first, dropping copies read again', () => {
    const before = new DeliveryLanes(emptyDelivery(0));
    [item(1, 'a'), item(2, 'a')].forEach((i) => (before.read(i.seq), before.add(i)));
    before.failed(before.take(0, 1)[0] as DeliveryItem, retry(0));
    const after = new DeliveryLanes(JSON.parse(JSON.stringify(before.snapshot())));
    after.add(item(2, 'a'));
    after.add(item(5, 'a'));
    const order: number[] = [];
    for (let next = after.take(0, 1)[0]; next; next = after.take(0, 1)[0]) {
      order.push(next.seq);
      after.settled(next, true);
    }
    expect(order).toEqual([1, 2, 5]);
    expect(after.failingSince).toBeUndefined();
  });

  it('rewind for a replay: keep what is held or running, read the rest again', () => {
    const lanes = new DeliveryLanes(emptyDelivery(0));
    [item(1, 'a'), item(2, 'b'), item(3, 'b')].forEach((i) => (lanes.read(i.seq), lanes.add(i)));
    lanes.take(0, 1);
    lanes.rewind(1);
    expect(lanes.cursor).toBe(0);
    expect(lanes.backlog().events).toBe(1);
  });
});
