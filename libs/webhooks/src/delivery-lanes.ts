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
  /** Lanes whose head may start now, in the order they became ready. */
  private readonly ready = new Set<string>();
  /** Lanes waiting out a retry. */
  private readonly waiting = new Set<string>();
  /** Queued events not held: they pin the cursor and bound reading ahead. */
  private unheldCount = 0;
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
      this.refresh(lane.subject);
    }
  }

  /** Where reading the stream resumes: after the cursor. */
  get cursor(): number {
    if (this.unheldCount === 0) return this.readUpTo;
    let pinned = Infinity;
    for (const lane of this.lanes.values()) for (const item of lane.queue) if (!item.held && item.seq < pinned) pinned = item.seq;
    return Math.min(this.readUpTo, pinned - 1);
  }

  /** A position read from the stream (wanted or not): reading has got this far. */
  read(seq: number): void {
    if (seq > this.readUpTo) this.readUpTo = seq;
  }

  /** Restarts reading at `from` (a replay): what follows is read, and delivered, again. */
  rewind(from: number): void {
    for (const [subject, lane] of this.lanes) {
      const kept = lane.queue.filter((item, index) => item.held || (lane.running && index === 0));
      this.unheldCount -= lane.queue.length - kept.length;
      lane.queue = kept;
      this.refresh(subject);
    }
    this.readUpTo = Math.min(this.readUpTo, from - 1);
  }

  /** A wanted event, in its subject's place; a copy of one already there is dropped. */
  add(item: DeliveryItem): void {
    const lane = this.lanes.get(item.subject) ?? { queue: [], running: false };
    this.lanes.set(item.subject, lane);
    const last = lane.queue.at(-1);
    // Events come in stream order: appending is the common case, a search only for copies re-read.
    const at = !last || last.seq < item.seq ? -1 : lane.queue.findIndex((queued) => queued.seq >= item.seq);
    if (at !== -1 && lane.queue[at]?.seq === item.seq) return;
    const held = lane.retry !== undefined;
    // Never ahead of the one running: it is the head until it settles.
    const index = at === -1 ? lane.queue.length : Math.max(at, lane.running ? 1 : 0);
    lane.queue.splice(index, 0, { ...item, ...(held && { held: true }) });
    if (!held) this.unheldCount++;
    this.refresh(item.subject);
  }

  /** Heads that may start now (marked running): not running, and not waiting out a retry. */
  take(now: number, limit: number): DeliveryItem[] {
    for (const subject of this.waiting) {
      const lane = this.lanes.get(subject);
      if (lane?.retry && lane.retry.next_at <= now) {
        this.waiting.delete(subject);
        this.ready.add(subject);
      }
    }
    const started: DeliveryItem[] = [];
    for (const subject of this.ready) {
      if (started.length >= limit) break;
      this.ready.delete(subject);
      const lane = this.lanes.get(subject);
      const head = lane?.queue[0];
      if (!lane || !head || lane.running) continue;
      lane.running = true;
      started.push(head);
    }
    return started;
  }

  /** The running head was delivered (or dead-lettered): its lane moves on. */
  settled(item: DeliveryItem, delivered: boolean): void {
    const lane = this.lanes.get(item.subject);
    const head = lane?.queue[0];
    if (!lane || head?.seq !== item.seq) return;
    lane.queue.shift();
    if (!head.held) this.unheldCount--;
    lane.running = false;
    delete lane.retry;
    if (delivered) this.failingSince = undefined;
    this.refresh(item.subject);
  }

  /** The running head failed: it and everything behind it wait until `retry.next_at`, stored. */
  failed(item: DeliveryItem, retry: LaneRetry): void {
    const lane = this.lanes.get(item.subject);
    if (!lane || lane.queue[0]?.seq !== item.seq) return;
    lane.running = false;
    lane.retry = retry;
    this.unheldCount -= lane.queue.filter((queued) => !queued.held).length;
    lane.queue = lane.queue.map(({ bytes: _bytes, ...rest }) => ({ ...rest, held: true }));
    this.failingSince ??= retry.first_failure_at;
    this.refresh(item.subject);
  }

  /** The retry state of the head of `subject`, if it failed before. */
  retryOf(subject: string): LaneRetry | undefined {
    return this.lanes.get(subject)?.retry;
  }

  /** The earliest time a waiting head may be tried again. */
  nextRetryAt(): number | undefined {
    let next: number | undefined;
    for (const subject of this.waiting) {
      const at = this.lanes.get(subject)?.retry?.next_at;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
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
    return this.unheldCount;
  }

  snapshot(): PersistedDelivery {
    const lanes: PersistedDelivery['lanes'] = [];
    for (const [subject, lane] of this.lanes) {
      if (!lane.queue.some((item) => item.held)) continue;
      const held = lane.queue.filter((item) => item.held).map(({ bytes: _b, subject: _s, held: _h, ...rest }) => rest);
      lanes.push({ subject, ...(lane.retry && { retry: lane.retry }), held });
    }
    return {
      cursor: this.cursor,
      lanes,
      ...(this.failingSince !== undefined && { failing_since: this.failingSince }),
      ...(this.handledRequest > 0 && { handled_request: this.handledRequest }),
    };
  }

  /** Files a lane as ready (keeping its place), waiting out a retry, busy, or gone when it has nothing left. */
  private refresh(subject: string): void {
    const lane = this.lanes.get(subject);
    if (lane && lane.queue.length === 0 && !lane.running) this.lanes.delete(subject);
    const state = !lane || lane.running || lane.queue.length === 0 ? 'idle' : lane.retry ? 'waiting' : 'ready';
    if (state !== 'ready') this.ready.delete(subject);
    if (state !== 'waiting') this.waiting.delete(subject);
    if (state === 'ready') this.ready.add(subject);
    if (state === 'waiting') this.waiting.add(subject);
  }
}
