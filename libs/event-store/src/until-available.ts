import { errors } from '@nats-io/transport-node';
import { isUnavailable } from './jetstream-event-store.js';

export type UntilAvailableOptions = {
  /** Gives up after this long (default 120 s): the error then ends the start-up as before. */
  deadlineMs?: number;
  /** Pause between tries (default 1 s). */
  retryMs?: number;
  /** Called before each pause, with what the try failed on. */
  onRetry?: (err: Error) => void;
};

/**
 * A start-up step against JetStream (create or check a stream, a durable, a bucket), tried again
 * while JetStream does not answer: a cluster electing its meta leader, or a node restarting, time
 * requests out or refuse them as unavailable for some seconds, and a process that exits then only
 * restarts into the same seconds. What cannot pass by waiting ends it at once: any refusal with a
 * reason, a closed connection, a server without JetStream. Each step must be safe to repeat.
 */
export async function untilAvailable<T>(step: () => Promise<T>, options: UntilAvailableOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  for (;;) {
    try {
      return await step();
    } catch (err) {
      if (!passing(err) || Date.now() >= deadline) throw err;
      options.onRetry?.(err);
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1_000));
    }
  }
}

const passing = (err: unknown): err is Error =>
  isUnavailable(err) &&
  err.name !== 'JetStreamNotEnabled' &&
  !(err instanceof errors.ClosedConnectionError) &&
  !(err instanceof errors.DrainingConnectionError);
