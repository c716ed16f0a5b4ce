import { errors, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  DeliverPolicy,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { decodeEvent, encodeEvent, type CloudEvent } from './cloud-event.js';
import { upcastEvent } from './upcasting/event-upcasters.js';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  type AggregateStream,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type StoredEvent,
} from './event-store.js';

export type JetStreamEventStoreOptions = {
  nc: NatsConnection;
  /** The event stream's name (`EVENT_STREAM`). */
  stream: string;
  /** How long a request waits for JetStream before the store reports itself unavailable. */
  timeoutMs?: number;
  /** Events read one direct get at a time before a read switches to an ordered consumer. */
  directReadLimit?: number;
};

/** JetStream's "wrong last sequence": the subject moved on since the decision was made. */
const WRONG_LAST_SEQUENCE = 10071;
/**
 * Measured here (nats-server 2.9.10, loopback, 2 shared cores, 0.5 KB events, decoding included):
 * a read whose cache is current costs one direct get, ~0.3 ms; each further event by direct get
 * ~0.12 ms (1 → 0.4 ms, 8 → 1.2 ms, 32 → 4 ms, 200 → 23 ms). An ordered consumer costs ~1.5–3 ms
 * almost whatever the length (stream info, create, deliver, delete; 200 → 3 ms). Servers before 2.11
 * have no batched direct get. Most reads are a cached state plus a few new events, where direct gets
 * win; a read that has already spent about a consumer's price in direct gets switches to a consumer
 * for the rest, so no read costs much more than twice the better of the two.
 */
const DEFAULT_DIRECT_READ_LIMIT = 12;

const UNAVAILABLE_ERRORS = [
  errors.TimeoutError,
  errors.NoRespondersError,
  errors.RequestError,
  errors.ConnectionError,
  errors.ClosedConnectionError,
  errors.DrainingConnectionError,
];

/**
 * Transport failures, no JetStream behind the subject, or a 503 while a clustered stream elects a
 * leader. Also what the command service's KV buckets (same server, same JetStream) translate.
 */
export const isUnavailable = (err: unknown): err is Error =>
  err instanceof Error &&
  (UNAVAILABLE_ERRORS.some((type) => err instanceof type) ||
    err.name === 'JetStreamNotEnabled' ||
    (err instanceof JetStreamApiError && err.status === 503));

/** Translates transport failures to the port's error; anything else (a bug, bad config) passes through. */
export async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUnavailable(err)) throw new EventStoreUnavailableError(`${what}: ${err.message}`, { cause: err });
    throw err;
  }
}

const toStored = (msg: { subject: string; seq: number; data: Uint8Array }): StoredEvent => ({
  sequence: msg.seq,
  subject: msg.subject,
  // Readers see every event at the version this build reads (a newer one is refused, not guessed at).
  event: upcastEvent(decodeEvent(msg.data)),
});

export function createJetStreamEventStore(options: JetStreamEventStoreOptions): EventStore {
  const { nc, stream } = options;
  const timeout = options.timeoutMs ?? 5_000;
  const directReadLimit = options.directReadLimit ?? DEFAULT_DIRECT_READ_LIMIT;
  const js = jetstream(nc, { timeout });
  let jsm: Promise<JetStreamManager> | undefined;
  const manager = (): Promise<JetStreamManager> => {
    jsm ??= jetstreamManager(nc, { timeout, checkAPI: false });
    return jsm;
  };

  return {
    append: (subject, event, appendOptions) =>
      guarded(`append to ${subject}`, () => append(js, subject, event, appendOptions)),
    read: (subject, afterVersion = 0) =>
      guarded(`read ${subject}`, async () =>
        readSubject({ js, jsm: await manager(), stream, subject, directReadLimit, idleMs: timeout }, afterVersion),
      ),
    lastSequence: () =>
      guarded(`info of ${stream}`, async () => (await (await manager()).streams.info(stream)).state.last_seq),
  };
}

async function append(
  js: JetStreamClient,
  subject: string,
  event: CloudEvent,
  { expectedVersion }: AppendOptions,
): Promise<AppendResult> {
  const encoded = encodeEvent(event);
  const headers = natsHeaders();
  for (const [key, value] of Object.entries(encoded.headers)) headers.set(key, value);
  try {
    // One publish: the server checks the msg id (dedup) first, then the subject's last sequence.
    const ack = await js.publish(subject, encoded.payload, {
      msgID: event.id,
      expect: { lastSubjectSequence: expectedVersion },
      headers,
    });
    return { sequence: ack.seq, duplicate: ack.duplicate };
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === WRONG_LAST_SEQUENCE) {
      throw new ConcurrencyError(subject, expectedVersion);
    }
    throw err;
  }
}

/**
 * One direct get learns the subject's version (its last sequence); when the caller's cached
 * version is current that is the whole read. Otherwise the missing tail is read forward.
 * With replicas, a direct get may be answered by a follower that lags the leader: a decision made
 * on such a read fails its expectation at append (ConcurrencyError) and is retried, never lost.
 */
type ReadContext = {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  subject: string;
  directReadLimit: number;
  /** How long a consumer read may go without an event before the read is unavailable. */
  idleMs: number;
};

async function readSubject(context: ReadContext, afterVersion: number): Promise<AggregateStream> {
  const { jsm, stream, subject } = context;
  const last = await jsm.direct.getMessage(stream, { last_by_subj: subject });
  if (!last || last.seq <= afterVersion) return { events: [], version: last?.seq ?? 0 };
  const events: StoredEvent[] = [];
  let next = afterVersion + 1;
  while (events.length < context.directReadLimit) {
    const msg = next === last.seq ? last : await jsm.direct.getMessage(stream, { seq: next, next_by_subj: subject });
    if (!msg) throw new Error(`${subject}: event after ${next - 1} vanished below version ${last.seq}`);
    events.push(toStored(msg));
    if (msg.seq >= last.seq) return { events, version: last.seq };
    next = msg.seq + 1;
  }
  events.push(...(await readWithConsumer(context, next, last.seq)));
  return { events, version: last.seq };
}

/**
 * Long tails stream through one ordered consumer instead of a round trip per event. A consumer that
 * delivers nothing for `idleMs` short of `version` (served by a copy of the stream that is behind,
 * or a connection gone quiet) makes the read unavailable: a state folded from part of the tail
 * would pass the append's version check with events missing.
 */
export async function readWithConsumer(
  { js, stream, subject, idleMs }: Pick<ReadContext, 'js' | 'stream' | 'subject' | 'idleMs'>,
  from: number,
  version: number,
): Promise<StoredEvent[]> {
  const consumer = await js.consumers.get(stream, {
    filter_subjects: subject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: from,
  });
  const events: StoredEvent[] = [];
  let idle: NodeJS.Timeout | undefined;
  try {
    const messages = await consumer.consume({ max_messages: 256 });
    idle = setTimeout(() => messages.stop(), idleMs);
    for await (const msg of messages) {
      events.push(toStored(msg));
      if (msg.seq >= version) break;
      idle.refresh();
    }
  } finally {
    clearTimeout(idle);
    await consumer.delete().catch(() => undefined);
  }
  const reached = events.at(-1)?.sequence ?? from - 1;
  if (reached < version) {
    throw new EventStoreUnavailableError(`read ${subject}: nothing after ${reached} within ${idleMs} ms, short of version ${version}`);
  }
  return events;
}
