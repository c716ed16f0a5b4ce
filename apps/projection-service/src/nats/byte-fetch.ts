import { JetStreamError, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';

/** How many messages nats.js asks for in a fetch bounded by bytes (it takes no count beside `max_bytes`). */
export const BYTES_FETCH_MESSAGES = 100;

/** Room beyond a payload for what the server also counts against `max_bytes`: subject, reply, headers. */
const HEADROOM = 64 * 1024;

/**
 * The most event data one pull asks for: what arrives together is read off the socket and parsed
 * together, so one pull of 8 MiB of bundles costs the heap more than four of 2 MiB (docs/decisions.md).
 * Small events never reach it: 100 of them are a few hundred KiB.
 */
const PULL_BYTES = 2 * 1024 * 1024;

/**
 * The byte bound of a pull into `room` free bytes: none when `room` cannot take one message of the
 * largest size the server accepts (`messageBytes`, its `max_payload`), as the server would then
 * deliver nothing.
 */
export function byteLimit(room: number, messageBytes: number): { max_bytes: number } | undefined {
  const least = messageBytes + HEADROOM;
  return room >= least ? { max_bytes: Math.min(room, Math.max(PULL_BYTES, least)) } : undefined;
}

/** How long the server holds a pull open for messages that are not there yet. */
const FETCH_EXPIRES_MS = 5000;

export type FetchLimit = { max_messages: number } | { max_bytes: number };

/**
 * One pull, its messages handed to `onMessage` in order. A pull bounded by bytes ends on the server
 * in ways nats.js does not treat as an end: the next message would pass `max_bytes` (the server
 * answers 409 "message size exceeds maxbytes", which nats.js throws from the iterator), or the
 * pull's 100 messages were delivered (nats-server 2.9 says nothing, and nats.js waits for the rest
 * of the bytes until the pull expires; 2.10 and later answer 409 "batch completed", which nats.js
 * throws). Each ends the pull here, at once and without an error.
 */
export async function fetchWithin(
  consumer: Consumer,
  limit: FetchLimit,
  onMessage: (msg: JsMsg) => void,
  opened?: (messages: ConsumerMessages) => void,
): Promise<void> {
  const messages = await consumer.fetch({ ...limit, expires: FETCH_EXPIRES_MS });
  opened?.(messages);
  const byBytes = 'max_bytes' in limit;
  let received = 0;
  try {
    for await (const msg of messages) {
      onMessage(msg);
      if (++received === BYTES_FETCH_MESSAGES && byBytes) messages.stop();
    }
  } catch (err) {
    if (!(byBytes && endsBytePull(err))) throw err;
  }
}

const endsBytePull = (err: unknown): boolean =>
  err instanceof JetStreamError && (err as { code?: unknown }).code === 409 && /message size exceeds maxbytes|batch completed/i.test(err.message);
