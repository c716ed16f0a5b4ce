import { decodeEvent, encodeEvent, type CloudEvent, type EncodedEvent } from './cloud-event.js';
import { upcastEvent } from './upcasting/event-upcasters.js';
import {
  ConcurrencyError,
  type AggregateStream,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type StoredEvent,
} from './event-store.js';

export type StoredMessage = EncodedEvent & { subject: string; sequence: number };

export type InMemoryEventStore = EventStore & {
  /** Every stored event in stream order: what a subscriber of the whole stream would see. */
  all(): StoredEvent[];
  /** The message as it would sit in the stream (payload and headers), or undefined. */
  message(sequence: number): StoredMessage | undefined;
};

/**
 * The JetStream store's twin for fast tests, with the same semantics: a message id seen before
 * returns the original sequence with `duplicate: true` before any expectation is checked, as
 * JetStream does inside its duplicate window (this twin's window never closes).
 */
export function createInMemoryEventStore(): InMemoryEventStore {
  const log: StoredMessage[] = [];
  const sequencesBySubject = new Map<string, number[]>();
  const sequenceById = new Map<string, number>();

  const stored = (sequence: number): StoredEvent => {
    const entry = log[sequence - 1];
    if (!entry) throw new Error(`no event at ${sequence}`);
    // Events round-trip through the wire encoding so callers never share (or mutate) stored objects.
    return { sequence, subject: entry.subject, event: upcastEvent(decodeEvent(entry.payload)) };
  };

  const append = async (subject: string, event: CloudEvent, { expectedVersion }: AppendOptions): Promise<AppendResult> => {
    const original = sequenceById.get(event.id);
    if (original !== undefined) return { sequence: original, duplicate: true };
    const sequences = sequencesBySubject.get(subject) ?? [];
    if ((sequences.at(-1) ?? 0) !== expectedVersion) throw new ConcurrencyError(subject, expectedVersion);
    const sequence = log.length + 1;
    log.push({ ...encodeEvent(event), subject, sequence });
    sequences.push(sequence);
    sequencesBySubject.set(subject, sequences);
    sequenceById.set(event.id, sequence);
    return { sequence, duplicate: false };
  };

  const read = async (subject: string, afterVersion = 0): Promise<AggregateStream> => {
    const sequences = sequencesBySubject.get(subject) ?? [];
    const events = sequences.filter((sequence) => sequence > afterVersion).map(stored);
    return { events, version: sequences.at(-1) ?? 0 };
  };

  return {
    append,
    read,
    lastSequence: async () => log.length,
    all: () => log.map((entry) => stored(entry.sequence)),
    message: (sequence) => {
      const entry = log[sequence - 1];
      return entry && { ...entry, headers: { ...entry.headers } };
    },
  };
}
