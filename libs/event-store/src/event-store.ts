import type { CloudEvent } from './cloud-event.js';

/** An event as read back from the store, with its stream position. */
export type StoredEvent = { sequence: number; subject: string; event: CloudEvent };

export type AppendResult = {
  /** Stream sequence of the event: the aggregate's new version and the consistency token. */
  sequence: number;
  /** True when the message id had already been stored inside the duplicate window. */
  duplicate: boolean;
};

export type AggregateStream = {
  events: StoredEvent[];
  /** Sequence of the subject's last event; 0 when the subject has none. */
  version: number;
};

export type AppendOptions = {
  /** The subject's last sequence the decision was made on; 0 = the subject must be empty. */
  expectedVersion: number;
};

/**
 * The port the command side depends on. JetStream implements it for real; the in-memory twin
 * passes the same contract suite and backs fast tests.
 */
export type EventStore = {
  append(subject: string, event: CloudEvent, options: AppendOptions): Promise<AppendResult>;
  /** Events of one subject in order; `afterVersion` reads only what follows a known version. */
  read(subject: string, afterVersion?: number): Promise<AggregateStream>;
  /** Sequence of the stream's last message (0 when empty). */
  lastSequence(): Promise<number>;
};

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly subject: string,
    readonly expectedVersion: number,
  ) {
    super(`expected ${subject} at version ${expectedVersion}`);
  }
}

export class EventStoreUnavailableError extends Error {
  override readonly name: string = 'EventStoreUnavailableError';
}

/**
 * An append whose publish went out but got no verdict (timeout, lost connection, no answer): the
 * event may be stored. Nothing it claimed may be released until the outcome is known; a retry
 * with the same event id (msg id) finds it or appends it, never both.
 */
export class AppendOutcomeUnknownError extends EventStoreUnavailableError {
  override readonly name = 'AppendOutcomeUnknownError';
  constructor(
    readonly subject: string,
    readonly eventId: string,
    options?: ErrorOptions,
  ) {
    super(`append of ${eventId} to ${subject} got no answer`, options);
  }
}
