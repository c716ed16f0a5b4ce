import { AckPolicy } from '@nats-io/jetstream';
import { jetstreamManager } from '@nats-io/jetstream';
import { startStream, STREAM, type Nats } from '../testing/projection.harness.js';
import { readRange } from '../rebuild/stream-reader.js';
import { MessageBuffer } from './message-buffer.js';
import { MessagePuller } from './message-puller.js';

const KIB = 1024;
const MIB = 1024 * KIB;

/** Raw stream messages of `bytes` each (the buffer decodes what it can; size is what matters here). */
async function publishSized(nats: Nats, count: number, bytes: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < count; i++) last = (await nats.js.publish(`artifacts.catalog.pkg_${i}`, new Uint8Array(bytes).fill(32))).seq;
  return last;
}

const until = async (check: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('bounded by bytes', () => {
  let nats: Nats;
  let last: number;

  beforeAll(async () => {
    nats = await startStream();
    last = await publishSized(nats, 24, 400 * KIB);
  });

  afterAll(async () => {
    await nats.nc.close();
    await nats.server.stop();
  });

  it('the projector pulls no more event data than its budget, and the rest once the buffer drains', async () => {
    await (await jetstreamManager(nats.nc)).consumers.add(STREAM, { durable_name: 'proj_bytes', ack_policy: AckPolicy.All, max_ack_pending: 1000 });
    const consumer = await nats.js.consumers.get(STREAM, 'proj_bytes');
    const buffer = new MessageBuffer();
    let applied = 0;
    let peak = 0;
    const budgetBytes = 2 * MIB;
    const puller = new MessagePuller(consumer, buffer, { messages: 500, budgetBytes, messageBytes: MIB }, () => applied, (msg) => {
      buffer.add(msg, applied);
      peak = Math.max(peak, buffer.bytes);
    });
    const running = puller.run();
    await until(() => buffer.size >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Full: five messages of 400 KiB (2 000 KiB of the 2 MiB) leave less than one max_payload free,
    // so no pull is open. The pull that brought them ended when the sixth would not fit.
    expect(buffer.size).toBe(5);
    while (applied < last) {
      await buffer.ready(applied);
      const run = buffer.takeRun(applied, 500);
      for (const received of run) received.msg.ack();
      applied = run.at(-1)?.msg.seq ?? applied;
    }
    puller.stop();
    await running;
    expect(applied).toBe(last);
    expect(peak).toBeLessThanOrEqual(budgetBytes);
  });

  it('the rebuild reads in batches bounded by bytes as well as by count', async () => {
    const sizes: Array<{ events: number; bytes: number }> = [];
    const seen: number[] = [];
    await readRange(nats.nc, STREAM, { from: 1, to: last }, { messages: 1000, bytes: 2 * MIB }, async (batch) => {
      sizes.push({ events: batch.length, bytes: batch.length * 400 * KIB });
      seen.push(...batch.map((item) => item.seq));
    });
    expect(seen).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    for (const { bytes } of sizes) expect(bytes).toBeLessThanOrEqual(2 * MIB);
    // By count alone this stream would be one batch of 24 events (9.6 MB).
    expect(sizes.length).toBeGreaterThan(4);
  });
});

describe('pulls bounded by bytes', () => {
  let nats: Nats;
  let small: number;

  beforeAll(async () => {
    nats = await startStream();
    small = await publishSized(nats, 1000, KIB);
  });

  afterAll(async () => {
    await nats.nc.close();
    await nats.server.stop();
  });

  it('end when their 100 messages are delivered, not at their expiry', async () => {
    const last = small;
    await (await jetstreamManager(nats.nc)).consumers.add(STREAM, { durable_name: 'proj_small', ack_policy: AckPolicy.All, max_ack_pending: 4000 });
    const buffer = new MessageBuffer();
    let applied = 0;
    const consumer = await nats.js.consumers.get(STREAM, 'proj_small');
    const puller = new MessagePuller(consumer, buffer, { messages: 500, budgetBytes: 8 * MIB, messageBytes: MIB }, () => applied, (msg) => buffer.add(msg, applied));
    const running = puller.run();
    // Ten pulls of 100: were each to wait for its 5 s expiry, this would take 50 s.
    await until(() => {
      const run = buffer.takeRun(applied, 500);
      for (const received of run) received.msg.ack();
      applied = run.at(-1)?.msg.seq ?? applied;
      return applied === last;
    }, 15_000);
    puller.stop();
    await running;
    expect(applied).toBe(last);
  });

  it('let the rebuild read small events 100 at a time and large ones up to its bytes, in order', async () => {
    const last = await publishSized(nats, 150, 100 * KIB);
    const batches: Array<{ events: number; bytes: number }> = [];
    const seen: number[] = [];
    await readRange(nats.nc, STREAM, { from: 1, to: last }, { messages: 500, bytes: 2 * MIB }, async (batch) => {
      batches.push({ events: batch.length, bytes: batch.reduce((sum, item) => sum + (item.seq > small ? 100 * KIB : KIB), 0) });
      seen.push(...batch.map((item) => item.seq));
    });
    expect(seen).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    for (const { events, bytes } of batches) {
      expect(events).toBeLessThanOrEqual(500);
      expect(bytes).toBeLessThanOrEqual(2 * MIB);
    }
  });
});
