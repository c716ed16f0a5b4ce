// One webhook's delivery state (SPEC §10): per-aggregate lanes over the stream, what survives a
// restart, and where reading resumes. Pure: the worker does the I/O and the clock comes in.

/** An event to deliver; `bytes` are dropped while it waits behind a failure and read again by `seq`. */
export type DeliveryItem = { seq: number; subject: string; type: string; id: string; time: string; bytes?: Uint8Array };

/** The failure the head of a lane is waiting out. */
export type LaneRetry = { failures: number; first_failure_at: number; next_at: number };

/** What is stored per webhook: enough to resume without losing or reordering anything. */
export type PersistedDelivery = {
  /** Every wanted event at or below this position is delivered, dead-lettered or in `lanes`. */
  cursor: number;
  /** Aggregates with events held behind a failure, each in stream order. */
  lanes: { subject: string; retry?: LaneRetry; held: Omit<DeliveryItem, 'bytes' | 'subject'>[] }[];
  /** When the endpoint started failing without a success since (auto-disable after 5 days). */
  failing_since?: number;
  /** Position of the last ping or replay request acted on, so none is acted on twice. */
  handled_request?: number;
};

type Lane = { queue: (DeliveryItem & { held?: boolean })[]; running: boolean; retry?: LaneRetry };

export const emptyDelivery = (cursor: number): PersistedDelivery => ({ cursor, lanes: [] });

/**
 * Per-aggregate order: one event per subject in flight, in sequence order; a failed head blocks its
 * subject until it is delivered or dead-lettered, other subjects go on. Events that wait behind a
 * failure are "held" and stored; events merely queued are re-read from the stream after a restart,
 * so they pin the cursor instead.
 */
export class DeliveryLanes {
  private readonly lanes = new Map<string, Lane>();
  private readUpTo: number;
  failingSince: number | undefined;
  handledRequest: number;

  constructor(stored: PersistedDelivery) {
    this.readUpTo = stored.cursor;
    this.failingSince = stored.failing_since;
    this.handledRequest = stored.handled_request ?? 0;
    for (const lane of stored.lanes) {
      const queue = lane.held.map((item) => ({ ...item, subject: lane.subject, held: true }));
      this.lanes.set(lane.subject, { queue, running: false, ...(lane.retry && { retry: lane.retry }) });
    }
  }

  /** Where reading the stream resumes: after the cursor. */
  get cursor(): number {
    let pinned = Infinity;
    for (const lane of this.lanes.values()) for (const item of lane.queue) if (!item.held && item.seq < pinned) pinned = item.seq;
    return pinned === Infinity ? this.readUpTo : Math.min(this.readUpTo, pinned - 1);
  }

  /** A position read from the stream (wanted or not): reading has got this far. */
  read(seq: number): void {
    if (seq > this.readUpTo) this.readUpTo = seq;
  }

  /** Restarts reading at `from` (a replay): what follows is read, and delivered, again. */
  rewind(from: number): void {
    for (const [subject, lane] of this.lanes) {
      lane.queue = lane.queue.filter((item) => item.held || (lane.running && item === lane.queue[0]));
      if (lane.queue.length === 0 && !lane.running) this.lanes.delete(subject);
    }
    this.readUpTo = Math.min(this.readUpTo, from - 1);
  }

  /** A wanted event, in its subject's place; a copy of one already there is dropped. */
  add(item: DeliveryItem): void {
    const lane = this.lanes.get(item.subject) ?? { queue: [], running: false };
    this.lanes.set(item.subject, lane);
    const at = lane.queue.findIndex((queued) => queued.seq >= item.seq);
    if (lane.queue[at]?.seq === item.seq) return;
    const entry = { ...item, ...(lane.retry && { held: true }) };
    // Never ahead of the one running: it is the head until it settles.
    const index = at === -1 ? lane.queue.length : Math.max(at, lane.running ? 1 : 0);
    lane.queue.splice(index, 0, entry);
  }

  /** Heads that may start now (marked running): not running, and not waiting out a retry. */
  take(now: number, limit: number): DeliveryItem[] {
    const started: DeliveryItem[] = [];
    for (const lane of this.lanes.values()) {
      if (started.length >= limit) break;
      const head = lane.queue[0];
      if (!head || lane.running || (lane.retry && lane.retry.next_at > now)) continue;
      lane.running = true;
      started.push(head);
    }
    return started;
  }

  /** The running head was delivered (or dead-lettered): its lane moves on. */
  settled(item: DeliveryItem, delivered: boolean): void {
    const lane = this.lanes.get(item.subject);
    if (!lane || lane.queue[0]?.seq !== item.seq) return;
    lane.queue.shift();
    lane.running = false;
    delete lane.retry;
    if (delivered) this.failingSince = undefined;
    if (lane.queue.length === 0) this.lanes.delete(item.subject);
  }

  /** The running head failed: it and everything behind it wait until `retry.next_at`, stored. */
  failed(item: DeliveryItem, retry: LaneRetry): void {
    const lane = this.lanes.get(item.subject);
    if (!lane || lane.queue[0]?.seq !== item.seq) return;
    lane.running = false;
    lane.retry = retry;
    lane.queue = lane.queue.map(({ bytes: _bytes, ...rest }) => ({ ...rest, held: true }));
    this.failingSince ??= retry.first_failure_at;
  }

  /** The retry state of the head of `subject`, if it failed before. */
  retryOf(subject: string): LaneRetry | undefined {
    return this.lanes.get(subject)?.retry;
  }

  /** The earliest time a waiting head may be tried again. */
  nextRetryAt(): number | undefined {
    let next: number | undefined;
    for (const lane of this.lanes.values()) if (lane.retry && !lane.running && (next === undefined || lane.retry.next_at < next)) next = lane.retry.next_at;
    return next;
  }

  /** Events read but not yet settled (queued, running or held), and the oldest one's time. */
  backlog(): { events: number; oldest?: string } {
    let events = 0;
    let oldest: string | undefined;
    for (const lane of this.lanes.values()) {
      events += lane.queue.length;
      const head = lane.queue[0];
      if (head && (oldest === undefined || head.time < oldest)) oldest = head.time;
    }
    return { events, ...(oldest !== undefined && { oldest }) };
  }

  /** Queued events that pin the cursor (back-pressure on reading). */
  unheld(): number {
    let count = 0;
    for (const lane of this.lanes.values()) for (const item of lane.queue) if (!item.held) count++;
    return count;
  }

  snapshot(): PersistedDelivery {
    const lanes: PersistedDelivery['lanes'] = [];
    for (const [subject, lane] of this.lanes) {
      const held = lane.queue.filter((item) => item.held).map(({ bytes: _b, subject: _s, held: _h, ...rest }) => rest);
      if (held.length > 0) lanes.push({ subject, ...(lane.retry && { retry: lane.retry }), held });
    }
    return {
      cursor: this.cursor,
      lanes,
      ...(this.failingSince !== undefined && { failing_since: this.failingSince }),
      ...(this.handledRequest > 0 && { handled_request: this.handledRequest }),
    };
  }
}
