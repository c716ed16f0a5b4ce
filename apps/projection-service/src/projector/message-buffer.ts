import type { JsMsg } from '@nats-io/jetstream';
import { ownBytes, toBatchEvent, type BatchEvent } from './batch.js';

type RawMessage = { msg?: { _rdata?: unknown } };

/**
 * Gives a delivered message its own copy of what it received (headers and payload), so holding it
 * until its ack holds its bytes and no more (see `ownBytes`). nats.js keeps them in a field of the
 * core message; a build whose message lacks that field keeps the view as it is.
 */
function detachPayload(msg: JsMsg): void {
  const core = (msg as unknown as RawMessage).msg;
  if (core && core._rdata instanceof Uint8Array) core._rdata = ownBytes(core._rdata);
}

/** A received message, decoded on arrival so decoding overlaps the previous batch's database work. */
export type Received = { msg: JsMsg; item: BatchEvent };

/**
 * Messages received and not yet applied, by stream sequence. The projector takes only runs that
 * continue its checkpoint without a hole: a message redelivered later (nak, expired ack wait) lands
 * in its slot, and nothing after a hole is applied before the hole is filled.
 * Its event data is bounded by the projector's byte budget (MessagePuller asks only for what fits)
 * and its count by the consumer's `max_ack_pending`.
 */
export class MessageBuffer {
  private readonly messages = new Map<number, Received>();
  private wake: (() => void) | undefined;
  private wakeRoom: (() => void) | undefined;
  private dataBytes = 0;

  /** `applied`: positions at or below it are already committed, so their copies are only acked. */
  add(msg: JsMsg, applied: number): void {
    if (msg.seq <= applied) {
      msg.ack();
      return;
    }
    // A newer delivery of the same position replaces the older: acking it is what the server expects.
    this.remove(msg.seq);
    detachPayload(msg);
    this.put({ msg, item: toBatchEvent(msg.seq, msg.subject, msg.data) });
    this.wake?.();
  }

  /**
   * The contiguous run starting right after `applied` (removed from the buffer): at most `max`
   * messages and, past its first message, at most `maxBytes` of event data, so a run of large
   * bundles stays a statement Postgres accepts. It ends before an event of an unknown schema
   * version, which stays buffered (see `unreadableAt`).
   */
  takeRun(applied: number, max: number, maxBytes = Number.POSITIVE_INFINITY): Received[] {
    this.prune(applied);
    const run: Received[] = [];
    let bytes = 0;
    for (let seq = applied + 1; run.length < max; seq++) {
      const received = this.messages.get(seq);
      if (!received || received.item.unknownVersion) break;
      bytes += received.msg.data.length;
      if (run.length > 0 && bytes > maxBytes) break;
      run.push(received);
      this.remove(seq);
    }
    return run;
  }

  /**
   * Returns a failed run to the buffer for a smaller retry, keeping any newer delivery that arrived
   * meanwhile. Still unacked, so an expired ack wait only replaces them with fresh copies.
   */
  putBack(run: Received[]): void {
    for (const received of run) if (!this.messages.has(received.msg.seq)) this.put(received);
    this.wake?.();
  }

  /** The next position to apply, when a newer producer wrote it: the projector cannot go on. */
  unreadableAt(applied: number): BatchEvent | undefined {
    const next = this.messages.get(applied + 1)?.item;
    return next?.unknownVersion ? next : undefined;
  }

  /** Copies redelivered while their batch was in flight are covered by that batch's AckAll. */
  private prune(applied: number): void {
    for (const seq of this.messages.keys()) if (seq <= applied) this.remove(seq);
  }

  private put(received: Received): void {
    this.messages.set(received.msg.seq, received);
    this.dataBytes += received.msg.data.length;
  }

  private remove(seq: number): void {
    const received = this.messages.get(seq);
    if (!received) return;
    this.messages.delete(seq);
    this.dataBytes -= received.msg.data.length;
    this.wakeRoom?.();
  }

  /**
   * Resolves when the position after `applied` is buffered, or at the next `interrupt()`. The caller
   * re-checks its own stop conditions before each call, so an interrupt is never lost in between.
   */
  async ready(applied: number): Promise<void> {
    if (this.messages.has(applied + 1)) return;
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
  }

  /** Resolves when the buffer holds less event data than `bytes`, or at the next `interrupt()`. */
  async below(bytes: number): Promise<void> {
    if (this.dataBytes < bytes) return;
    await new Promise<void>((resolve) => (this.wakeRoom = resolve));
    this.wakeRoom = undefined;
  }

  /** True when the position after `applied` is missing: only its delivery lets the projector go on. */
  waitsFor(applied: number): boolean {
    return !this.messages.has(applied + 1);
  }

  interrupt(): void {
    this.wake?.();
    this.wakeRoom?.();
  }

  /** Forgets everything (after a repositioning, or at shutdown); unacked messages come back later. */
  clear(): void {
    this.messages.clear();
    this.dataBytes = 0;
    this.wakeRoom?.();
  }

  get size(): number {
    return this.messages.size;
  }

  /** Event data held, in bytes. */
  get bytes(): number {
    return this.dataBytes;
  }
}
