/** Something to handle in order within its key (the aggregate's subject), ordered by stream sequence. */
export type LaneItem = { key: string; seq: number };

type Lane<M> = {
  queue: M[];
  running?: M;
  /** Sequence of a failed event handed back to the server (nak with delay) that must run next. */
  blockedSeq?: number;
  blockedUntil?: number;
};

/**
 * Per-aggregate ordering: one item per key runs at a time, strictly in sequence order, and a key whose
 * head failed waits for that head's redelivery before anything later of it runs. Other keys go on.
 */
export class SubjectLanes<M extends LaneItem> {
  private readonly lanes = new Map<string, Lane<M>>();
  /** Keys whose head may start now, in the order they became ready. */
  private readonly ready = new Set<string>();

  add(item: M): void {
    const lane = this.lane(item.key);
    if (lane.running?.seq === item.seq) return; // a late copy of what is running: its ack settles both
    const at = lane.queue.findIndex((queued) => queued.seq >= item.seq);
    if (at === -1) lane.queue.push(item);
    else lane.queue.splice(at, lane.queue[at]?.seq === item.seq ? 1 : 0, item);
    this.refresh(item.key, lane);
  }

  /** The next item allowed to run, marked running; undefined when none is. */
  take(): M | undefined {
    for (const key of this.ready) {
      this.ready.delete(key);
      const lane = this.lanes.get(key);
      if (!lane || !this.canStart(lane)) continue;
      const item = lane.queue.shift();
      lane.running = item;
      lane.blockedSeq = undefined;
      lane.blockedUntil = undefined;
      return item;
    }
    return undefined;
  }

  /** The running item settled (handled, skipped or dead-lettered): its lane moves on. */
  done(item: M): void {
    const lane = this.lanes.get(item.key);
    if (!lane || lane.running !== item) return;
    lane.running = undefined;
    this.refresh(item.key, lane);
  }

  /** The running item failed and was handed back for redelivery at `until` (epoch ms). */
  block(item: M, until: number): void {
    const lane = this.lanes.get(item.key);
    if (!lane || lane.running !== item) return;
    lane.running = undefined;
    lane.blockedSeq = item.seq;
    lane.blockedUntil = until;
    this.refresh(item.key, lane);
  }

  /**
   * Unblocks keys whose failed head has not come back long after it was due (another instance
   * sharing the durable took it): waiting longer would stall the aggregate for good.
   */
  releaseStale(now: number, graceMs: number): string[] {
    const released: string[] = [];
    for (const [key, lane] of this.lanes) {
      if (lane.blockedUntil === undefined || lane.blockedUntil + graceMs > now) continue;
      lane.blockedSeq = undefined;
      lane.blockedUntil = undefined;
      released.push(key);
      this.refresh(key, lane);
    }
    return released;
  }

  running(): M[] {
    return [...this.lanes.values()].flatMap((lane) => (lane.running ? [lane.running] : []));
  }

  /** Items fetched but not started, per key with whether the key is blocked. */
  waiting(): { items: M[]; blocked: boolean }[] {
    return [...this.lanes.values()].map((lane) => ({ items: [...lane.queue], blocked: lane.blockedSeq !== undefined }));
  }

  isBlocked(key: string): boolean {
    return this.lanes.get(key)?.blockedSeq !== undefined;
  }

  private lane(key: string): Lane<M> {
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { queue: [] }));
    return lane;
  }

  private canStart(lane: Lane<M>): boolean {
    const head = lane.queue[0];
    if (lane.running || !head) return false;
    return lane.blockedSeq === undefined || head.seq <= lane.blockedSeq;
  }

  private refresh(key: string, lane: Lane<M>): void {
    if (this.canStart(lane)) this.ready.add(key);
    else if (!lane.running && lane.queue.length === 0 && lane.blockedSeq === undefined) this.lanes.delete(key);
  }
}
