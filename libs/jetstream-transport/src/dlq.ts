import { DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { copyHeaders, DLQ_HEADERS, ensureDeadLetterStream, headerRecord } from './dead-letter.js';
import { transportNames } from './jetstream-transport.options.js';

export type DeadLetterEntry = {
  /** Sequence of the letter in `<stream>_DLQ`. */
  dlqSequence: number;
  type: string;
  /** The event's subject and sequence on the event stream. */
  subject: string;
  sequence: number;
  error: string;
  time: string;
  deliveries: number;
  headers: Record<string, string>;
  data: string;
};

export type DlqTarget = { stream: string; subscriber: string };

/** Reads the subscriber's dead letters (not touching them) in the order they were written. */
export async function listDeadLetters(nc: NatsConnection, target: DlqTarget): Promise<DeadLetterEntry[]> {
  const msgs = await readDeadLetters(jetstream(nc), await jetstreamManager(nc), target);
  return msgs.map((msg) => {
    const h = headerRecord(msg.headers);
    return {
      dlqSequence: msg.seq,
      type: h['ce-type'] ?? '',
      subject: h[DLQ_HEADERS.subject] ?? '',
      sequence: Number(h[DLQ_HEADERS.sequence] ?? 0),
      error: h[DLQ_HEADERS.error] ?? '',
      time: h[DLQ_HEADERS.time] ?? '',
      deliveries: Number(h[DLQ_HEADERS.deliveries] ?? 0),
      headers: h,
      data: msg.string(),
    };
  });
}

/**
 * Moves each dead letter of the subscriber to `dlq.<stream>.<subscriber>.replay`, which only that
 * subscriber's replay consumer reads; the event stream is never written. The move is publish (with
 * a message id, so a rerun after a crash dedups) then delete. `onMoved(moved, total)` follows along.
 */
export async function replayDeadLetters(nc: NatsConnection, target: DlqTarget, onMoved?: (moved: number, total: number) => void): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const names = transportNames(target.stream, target.subscriber);
  const msgs = await readDeadLetters(js, jsm, target);
  onMoved?.(0, msgs.length);
  for (const [index, msg] of msgs.entries()) {
    const headers = copyHeaders(msg.headers);
    headers.set(DLQ_HEADERS.replayOf, String(msg.seq));
    await js.publish(names.replaySubject, msg.data, { headers, msgID: `replay-${target.subscriber}-${msg.seq}` });
    await jsm.streams.deleteMessage(names.deadLetterStream, msg.seq);
    onMoved?.(index + 1, msgs.length);
  }
  return msgs.length;
}

async function readDeadLetters(js: JetStreamClient, jsm: JetStreamManager, target: DlqTarget): Promise<JsMsg[]> {
  const stream = await ensureDeadLetterStream(jsm, target.stream);
  const { deadLetterSubject } = transportNames(target.stream, target.subscriber);
  const consumer = await js.consumers.get(stream, {
    filter_subjects: deadLetterSubject,
    deliver_policy: DeliverPolicy.All,
  });
  const out: JsMsg[] = [];
  let pending = (await consumer.info(true)).num_pending;
  while (pending > 0) {
    const batch = await consumer.fetch({ max_messages: pending, expires: 5000 });
    let received = 0;
    for await (const msg of batch) {
      out.push(msg);
      received += 1;
      pending = msg.info.pending;
      if (pending === 0) break;
    }
    if (received === 0) throw new Error(`dead letters of ${target.subscriber} could not be read`);
  }
  await consumer.delete().catch(() => undefined);
  return out;
}
