import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { JetStreamApiError, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { createRacing } from '../../event-store/src/stream-config.js';
import { deadLetterNames, transportNames } from './jetstream-transport.options.js';

/** Headers a dead letter carries besides the event's own. */
export const DLQ_HEADERS = {
  error: 'Dlq-Error',
  subject: 'Dlq-Subject',
  sequence: 'Dlq-Sequence',
  subscriber: 'Dlq-Subscriber',
  time: 'Dlq-Time',
  deliveries: 'Dlq-Deliveries',
  /** The event's `Nats-Msg-Id`, kept aside so dedup in the dead-letter stream cannot drop a letter. */
  msgId: 'Dlq-Msg-Id',
  /** Dead-letter stream sequence of the letter a replayed message came from. */
  replayOf: 'Dlq-Replay-Of',
} as const;

const STREAM_NOT_FOUND = 10059;

/**
 * Creates `<stream>_DLQ` over `dlq.<stream>.>` when missing; it never overlaps `artifacts.>`. It has
 * as many replicas as the event stream (a dead letter is an event nobody has handled yet: on a
 * cluster it must survive a node as the event does), and an existing one with fewer is raised.
 */
export async function ensureDeadLetterStream(jsm: JetStreamManager, stream: string): Promise<string> {
  return createRacing(() => createOrRaise(jsm, stream));
}

async function createOrRaise(jsm: JetStreamManager, stream: string): Promise<string> {
  const { deadLetterStream, deadLetterSubjects } = deadLetterNames(stream);
  const replicas = await replicasOf(jsm, stream);
  try {
    const info = await jsm.streams.info(deadLetterStream);
    if (info.config.num_replicas < replicas) await jsm.streams.update(deadLetterStream, { ...info.config, num_replicas: replicas });
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== STREAM_NOT_FOUND) throw err;
    await jsm.streams.add({ name: deadLetterStream, subjects: [deadLetterSubjects], storage: StorageType.File, num_replicas: replicas });
  }
  return deadLetterStream;
}

async function replicasOf(jsm: JetStreamManager, stream: string): Promise<number> {
  try {
    return (await jsm.streams.info(stream)).config.num_replicas;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === STREAM_NOT_FOUND) return 1;
    throw err;
  }
}

export type DeadLetter = {
  stream: string;
  subscriber: string;
  /** The event's subject and sequence on the event stream. */
  subject: string;
  sequence: number;
  deliveries: number;
  error: string;
  headers: MsgHdrs | undefined;
  data: Uint8Array;
};

/** Publishes the letter and waits for the stream's ack, so the original may be settled after it. */
export async function publishDeadLetter(js: JetStreamClient, letter: DeadLetter): Promise<void> {
  const h = copyHeaders(letter.headers);
  h.set(DLQ_HEADERS.error, oneLine(letter.error));
  h.set(DLQ_HEADERS.subject, letter.subject);
  h.set(DLQ_HEADERS.sequence, String(letter.sequence));
  h.set(DLQ_HEADERS.subscriber, letter.subscriber);
  h.set(DLQ_HEADERS.time, new Date().toISOString());
  h.set(DLQ_HEADERS.deliveries, String(letter.deliveries));
  const { deadLetterSubject } = transportNames(letter.stream, letter.subscriber);
  await js.publish(deadLetterSubject, letter.data, { headers: h });
}

/** All headers but `Nats-Msg-Id`, which moves to `Dlq-Msg-Id` unless that holds the event's already. */
export function copyHeaders(source: MsgHdrs | undefined): MsgHdrs {
  const h = natsHeaders();
  const keptId = source?.has(DLQ_HEADERS.msgId) ?? false;
  for (const [name, values] of source ?? []) {
    const isMsgId = name.toLowerCase() === 'nats-msg-id';
    if (isMsgId && keptId) continue;
    const target = isMsgId ? DLQ_HEADERS.msgId : name;
    for (const value of values) h.append(target, value);
  }
  return h;
}

/** Header values cannot hold line breaks. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').slice(0, 1024);

export function headerRecord(source: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of source ?? []) if (values[0] !== undefined) out[name] = values[0];
  return out;
}
