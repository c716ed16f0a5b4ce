import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { toBatchEvent, type BatchEvent } from '../projector/batch.js';

const FETCH_EXPIRES_MS = 5000;

/**
 * Reads stream positions `from..to` with an ordered consumer (no server-side state to clean up, no
 * acks) in batches. The next fetch runs while the previous batch is applied, and at most two
 * batches are held, so memory stays flat however long the stream is.
 */
export async function readRange(
  nc: NatsConnection,
  stream: string,
  range: { from: number; to: number },
  batchSize: number,
  onBatch: (batch: BatchEvent[]) => Promise<void>,
): Promise<void> {
  if (range.from > range.to) return;
  const consumer = await jetstream(nc).consumers.get(stream, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: range.from,
  });
  const fetchFrom = async (next: number): Promise<BatchEvent[]> => {
    const messages = await consumer.fetch({ max_messages: Math.min(batchSize, range.to - next + 1), expires: FETCH_EXPIRES_MS });
    const batch: BatchEvent[] = [];
    for await (const msg of messages) batch.push(toBatchEvent(msg.seq, msg.subject, msg.data));
    if (batch.length === 0) throw new Error(`stream ${stream} delivered nothing at ${next} (expected up to ${range.to})`);
    return batch;
  };
  let pending = fetchFrom(range.from);
  for (;;) {
    const batch = await pending;
    const next = (batch.at(-1) as BatchEvent).seq + 1;
    const more = next <= range.to;
    if (more) {
      pending = fetchFrom(next);
      pending.catch(() => undefined); // observed by the next await; not an unhandled rejection meanwhile
    }
    await onBatch(batch.filter((item) => item.seq <= range.to));
    if (!more) return;
  }
}
