import type { JsMsg } from '@nats-io/jetstream';
import { MessageBuffer } from './message-buffer.js';

/** Just what the buffer reads of a delivery: position, subject, payload, ack. */
const delivery = (seq: number, bytes: number, acked: number[] = []): JsMsg =>
  ({ seq, subject: `artifacts.catalog.pkg_${seq}`, data: new Uint8Array(bytes), ack: () => acked.push(seq) }) as unknown as JsMsg;

describe('MessageBuffer.takeRun', () => {
  it('takes the contiguous run after the checkpoint, up to a hole', () => {
    const buffer = new MessageBuffer();
    for (const seq of [11, 12, 13, 15]) buffer.add(delivery(seq, 10), 10);
    expect(buffer.takeRun(10, 100).map((r) => r.msg.seq)).toEqual([11, 12, 13]);
    expect(buffer.size).toBe(1);
  });

  it('cuts a run at the byte bound, but always takes its first message', () => {
    const buffer = new MessageBuffer();
    for (let seq = 1; seq <= 6; seq++) buffer.add(delivery(seq, 400), 0);
    expect(buffer.takeRun(0, 100, 1000).map((r) => r.msg.seq)).toEqual([1, 2]);
    expect(buffer.takeRun(2, 100, 100).map((r) => r.msg.seq)).toEqual([3]);
    expect(buffer.takeRun(3, 2, 1 << 20).map((r) => r.msg.seq)).toEqual([4, 5]);
    expect(buffer.size).toBe(1);
  });

  it('only acks a copy at or below the checkpoint', () => {
    const acked: number[] = [];
    const buffer = new MessageBuffer();
    buffer.add(delivery(5, 10, acked), 5);
    expect(acked).toEqual([5]);
    expect(buffer.size).toBe(0);
  });

  it('counts the event data it holds, and wakes a waiter once it holds less than asked', async () => {
    const buffer = new MessageBuffer();
    for (let seq = 1; seq <= 3; seq++) buffer.add(delivery(seq, 500), 0);
    buffer.add(delivery(2, 500), 0);
    expect(buffer.bytes).toBe(1500);
    let woke = false;
    const below = buffer.below(1200).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    const run = buffer.takeRun(0, 1);
    await below;
    expect(buffer.bytes).toBe(1000);
    buffer.putBack(run);
    expect(buffer.bytes).toBe(1500);
    buffer.clear();
    expect(buffer.bytes).toBe(0);
  });
});

describe('MessageBuffer.add', () => {
  it('keeps a buffered payload in a buffer of its own size, not the one nats.js read it into', () => {
    const grown = new Uint8Array(1024 * 1024);
    const core = { _rdata: grown.subarray(0, 500 * 1024) };
    const msg = { seq: 1, subject: 'artifacts.catalog.pkg_1', msg: core, get data() { return core._rdata; }, ack: () => undefined } as unknown as JsMsg;
    const buffer = new MessageBuffer();
    buffer.add(msg, 0);
    const [received] = buffer.takeRun(0, 10);
    expect(received?.item.bytes.buffer.byteLength).toBe(500 * 1024);
    expect(received?.msg.data.buffer.byteLength).toBe(500 * 1024);
  });
});
