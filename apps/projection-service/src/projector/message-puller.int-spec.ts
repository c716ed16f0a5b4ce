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
    // Full: three messages of 400 KiB leave less than one max_payload free, so no pull is open.
    expect(buffer.size).toBe(3);
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
