import { DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { BYTES_FETCH_MESSAGES, byteLimit, fetchWithin } from '../nats/byte-fetch.js';
import { ownBytes, toBatchEvent, type BatchEvent } from '../projector/batch.js';

/** NATS's default `max_payload`, used when the server's INFO is not at hand. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** A batch's bounds: events, and event data (one event larger than `bytes` still makes a batch). */
export type BatchLimits = { messages: number; bytes: number };

/**
 * Reads stream positions `from..to` with an ordered consumer (no server-side state to clean up, no
 * acks) in batches bounded by count and by bytes. The next batch is read while the previous one is
 * applied, and at most two are held, so memory stays flat however long the stream and however large
 * its events. Each fetch asks for no more than the bytes the batch has left, or, when less than one
 * event of the largest size NATS allows would fit, for as many events as surely fit.
 */
export async function readRange(
  nc: NatsConnection,
  stream: string,
  range: { from: number; to: number },
  limits: BatchLimits,
  onBatch: (batch: BatchEvent[]) => Promise<void>,
): Promise<void> {
  if (range.from > range.to) return;
  const open = (from: number) => jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
  let consumer = await open(range.from);
  const messageBytes = nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
  const fetchFrom = async (first: number): Promise<BatchEvent[]> => {
    const batch: BatchEvent[] = [];
    let bytes = 0;
    for (let next = first; next <= range.to && batch.length < limits.messages; ) {
      const room = limits.bytes - bytes;
      const left = Math.min(limits.messages - batch.length, range.to - next + 1);
      const fit = Math.floor(room / messageBytes);
      const count = Math.min(left, batch.length === 0 ? Math.max(1, fit) : fit);
      // Bounded by the bytes left where the pull's 100 events cannot pass the batch's count or the range's end.
      const byBytes = left >= BYTES_FETCH_MESSAGES ? byteLimit(room, messageBytes) : undefined;
      if (!byBytes && count < 1) break;
      const before = batch.length;
      await fetchWithin(consumer, byBytes ?? { max_messages: count }, (msg) => {
        batch.push(toBatchEvent(msg.seq, msg.subject, ownBytes(msg.data)));
        bytes += msg.data.length;
      });
      if (batch.length === before) {
        // The consumer's copy of the stream is behind (below): this batch's rest comes from the
        // stream leader, and the next one from a consumer opened anew.
        const last = Math.min(range.to, next + left - 1);
        for (const msg of await readFromLeader(await jetstreamManager(nc), stream, next, last, limits.bytes - bytes)) {
          batch.push(toBatchEvent(msg.seq, msg.subject, ownBytes(msg.data)));
          bytes += msg.data.length;
        }
        if (batch.length === before) throw new Error(`stream ${stream} delivered nothing at ${next} (expected up to ${range.to})`);
        consumer = await open((batch.at(-1) as BatchEvent).seq + 1);
        break;
      }
      next = (batch.at(-1) as BatchEvent).seq + 1;
    }
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

/**
 * Positions `from..to` read one by one through STREAM.MSG.GET, which the stream's leader answers,
 * until `bytes` of event data (at least one event). The ordered consumer is placed on any replica; on
 * nats-server 2.9 a follower of an idle R3 stream was seen holding back its last entry for minutes
 * (the cluster suite's rebuild got nothing at the stream's last position within a pull's 5 s expiry),
 * so a pull that delivers nothing short of `to` is finished here instead of failing the rebuild.
 */
async function readFromLeader(jsm: JetStreamManager, stream: string, from: number, to: number, bytes: number): Promise<{ seq: number; subject: string; data: Uint8Array }[]> {
  const read: { seq: number; subject: string; data: Uint8Array }[] = [];
  let size = 0;
  for (let seq = from; seq <= to && (read.length === 0 || size < bytes); seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq });
    if (!msg) break;
    read.push({ seq: msg.seq, subject: msg.subject, data: msg.data });
    size += msg.data.length;
  }
  return read;
}
