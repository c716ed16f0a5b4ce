import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { byteLimit, fetchWithin } from '../nats/byte-fetch.js';
import type { MessageBuffer } from './message-buffer.js';

export type PullLimits = {
  /** Messages per pull at most. */
  messages: number;
  /** Event data the buffer may hold (PROJECTOR_BUFFER_BYTES). */
  budgetBytes: number;
  /** The largest message the server accepts (its `max_payload`): what one delivery may cost. */
  messageBytes: number;
};

/** Consecutive failed pulls (NATS away, consumer gone) before the session is given up and repositioned. */
const MAX_PULL_FAILURES = 3;
const PULL_RETRY_MS = 500;

/**
 * Pulls the durable into the buffer, bounded by bytes rather than by count: each pull asks the
 * server for no more event data than the budget has free, and no pull starts while less than one
 * message as large as the server allows would fit. (A consume() re-pulls on receipt, so its buffer
 * would be bounded only by `max_ack_pending`: 4 000 bundles of 768 KiB.) One exception keeps the
 * projector live: while the next position is missing from a full buffer (a redelivery after a
 * failure), one message at a time is still pulled, as only that delivery can drain it.
 */
export class MessagePuller {
  private current: ConsumerMessages | undefined;
  private stopped = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly buffer: MessageBuffer,
    private readonly limits: PullLimits,
    private readonly applied: () => number,
    private readonly onMessage: (msg: JsMsg) => void,
  ) {}

  /** Resolves when stopped; rejects after repeated failed pulls. */
  async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const count = this.fits();
      if (count === 0) {
        await this.buffer.below(this.limits.budgetBytes - this.limits.messageBytes + 1);
        continue;
      }
      try {
        await this.pull(count);
        failures = 0;
      } catch (err) {
        if (this.stopped) return;
        if (++failures >= MAX_PULL_FAILURES) throw err;
        await new Promise((resolve) => setTimeout(resolve, PULL_RETRY_MS));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.current?.stop();
    this.buffer.interrupt();
  }

  /** How many worst-case messages the budget still holds (at least 1 while the next position is missing). */
  private fits(): number {
    const free = this.limits.budgetBytes - this.buffer.bytes;
    const count = Math.min(this.limits.messages, Math.floor(free / this.limits.messageBytes));
    return count > 0 ? count : this.buffer.waitsFor(this.applied()) ? 1 : 0;
  }

  private async pull(count: number): Promise<void> {
    // A pull bounded by the free bytes takes up to 100 small events in one round trip.
    const byBytes = byteLimit(this.limits.budgetBytes - this.buffer.bytes, this.limits.messageBytes);
    await fetchWithin(this.consumer, byBytes ?? { max_messages: count }, this.onMessage, (messages) => {
      this.current = messages;
      if (this.stopped) messages.stop();
    });
  }
}
