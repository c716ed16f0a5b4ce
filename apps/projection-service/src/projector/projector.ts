import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import type { Logger } from '../../../../libs/http/src/logging/logger.js';
import { applyBatch, CheckpointMovedError } from './apply-batch.js';
import type { BatchEvent } from './batch.js';
import { ensureCheckpoint, readCheckpoint, type Checkpoint } from './checkpoint.js';
import { positionConsumer, type ConsumerSettings } from './consumer-position.js';
import { LeaderLock } from './leader-lock.js';
import { MessageBuffer, type Received } from './message-buffer.js';
import { MessagePuller, type PullLimits } from './message-puller.js';
import type { ReadModelTables } from './read-model-tables.js';

export type ProjectorHooks = {
  /** Inside the batch transaction, just before COMMIT (a throw rolls the batch back). */
  beforeCommit?: (batch: BatchEvent[]) => Promise<void>;
  /** After COMMIT, before the ack: a throw here is a crash between the two. */
  afterCommit?: (checkpoint: Checkpoint) => Promise<void>;
};

export type ProjectorOptions = {
  pool: pg.Pool;
  databaseUrl: string;
  nc: NatsConnection;
  consumer: Omit<ConsumerSettings, 'maxAckPending'>;
  checkpointName: string;
  tables: ReadModelTables;
  /** Messages per pull, and the size of a batch while the projector keeps up. */
  batchSize: number;
  /** Largest batch while behind (catch-up); default `batchSize` × 4, at most 2 000. */
  maxBatchSize?: number;
  /** PROJECTOR_BATCH_BYTES: event data in one batch past its first event; large bundles make short batches. */
  maxBatchBytes?: number;
  /** PROJECTOR_BUFFER_BYTES: event data received and not yet applied (at least one message of `max_payload`). */
  maxBufferBytes?: number;
  /** How often a replica without the lock tries to take it. */
  leaderRetryMs: number;
  logger: Logger;
  /** Called after each commit (the in-process wake-up of ConsistencyWaiter). */
  onCommitted?: (checkpoint: Checkpoint) => void;
  hooks?: ProjectorHooks;
};

const MAX_BACKOFF_MS = 10_000;
/** While stopped at an unreadable event, how often the projector looks again (a redelivery changes nothing). */
const UNREADABLE_RECHECK_MS = 5_000;

/** Where the projector stopped because a newer producer wrote the next event. */
export type UnreadableEvent = { seq: number; subject: string; eventId: string; type: string; schemaversion: number; reason: string };
const GROWTH = 4;
const DEFAULT_MAX_BATCH = 2000;
const DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_BUFFER_BYTES = 32 * 1024 * 1024;
/** NATS's default `max_payload`, used when the server's INFO is not at hand. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** Behind, a batch takes every contiguous message buffered, up to this many. */
const maxBatchOf = (options: ProjectorOptions): number =>
  options.maxBatchSize ?? Math.max(options.batchSize, Math.min(options.batchSize * GROWTH, DEFAULT_MAX_BATCH));

/**
 * JetStream → Postgres. One active instance (LeaderLock); the others only retry the lock now and then.
 * Batches: a contiguous run of buffered messages is applied in one transaction with the checkpoint,
 * then its last message is acked (AckAll). A failed batch is never acked: it is nak'ed with a growing
 * delay and comes back through JetStream. A batch is whatever arrived while the previous one
 * committed: a few messages when keeping up (latency), up to `maxBatchSize` when behind (each batch
 * costs a fixed number of round trips, so catch-up needs large ones). `max_ack_pending` holds two
 * such batches, so the next one is received and decoded while the current one commits.
 */
export class Projector {
  private readonly buffer = new MessageBuffer();
  private readonly lock: LeaderLock;
  private readonly settings: ConsumerSettings;
  private readonly maxBatch: number;
  private applied = 0;
  /**
   * The last position of the batch being applied: the puller's "next position missing" exception
   * looks past it. (Seen from `applied`, the batch taken out of the buffer looked missing, so one
   * message after another was pulled for as long as the batch took: catch-up held most of the stream.)
   */
  private inFlight: number | undefined;
  private failures = 0;
  private stuck: UnreadableEvent | undefined;
  /** The batch limits now: halved after a failed batch, doubled back after each success. */
  private limit: { messages: number; bytes: number };
  private stopping = false;
  private running: Promise<void> | undefined;
  private wakePause: (() => void) | undefined;

  constructor(private readonly options: ProjectorOptions) {
    this.maxBatch = maxBatchOf(options);
    this.limit = { messages: this.maxBatch, bytes: options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES };
    this.settings = { ...options.consumer, maxAckPending: Math.max(options.batchSize * 4, this.maxBatch * 2) };
    this.lock = new LeaderLock(options.databaseUrl, options.checkpointName, (err) => {
      options.logger.error({ err }, 'projector lost its leader lock; standing by');
      this.buffer.interrupt();
    });
  }

  get isLeader(): boolean {
    return this.lock.isHeld;
  }

  /** Set while the next event to apply has a schema version this build cannot read (readiness fails). */
  get unreadable(): UnreadableEvent | undefined {
    return this.stuck;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Graceful: the batch in flight is committed and acked, then the consumer stops and the lock is freed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.buffer.interrupt();
    this.wakePause?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (!(await this.tryLead())) {
        await this.pause(this.options.leaderRetryMs);
        continue;
      }
      try {
        while (!this.stopping && this.lock.isHeld) await this.session();
      } catch (err) {
        this.options.logger.error({ err }, 'projector session failed; retrying');
        await this.pause(this.backoff(++this.failures));
      }
    }
    await this.lock.release();
  }

  private async tryLead(): Promise<boolean> {
    if (this.lock.isHeld) return true;
    try {
      const led = await this.lock.tryAcquire();
      if (led) this.options.logger.info({ checkpoint: this.options.checkpointName }, 'projector took the leader lock');
      return led;
    } catch (err) {
      this.options.logger.error({ err }, 'projector cannot reach Postgres for its leader lock');
      return false;
    }
  }

  /** Positions the durable at the checkpoint and applies batches until stopped, demoted or moved. */
  private async session(): Promise<void> {
    const { pool, checkpointName, nc } = this.options;
    // Only a leader Postgres still confirms may recreate the shared durable.
    if (!(await this.lock.verify())) return;
    await ensureCheckpoint(pool, checkpointName);
    this.applied = (await readCheckpoint(pool, checkpointName)).position;
    const placed = await positionConsumer(await jetstreamManager(nc), this.settings, this.applied);
    this.options.logger.info({ durable: this.settings.durable, position: this.applied, placed }, 'projector consuming');
    this.buffer.clear();
    const consumer = await jetstream(nc).consumers.get(this.settings.stream, this.settings.durable);
    const puller = new MessagePuller(consumer, this.buffer, this.pullLimits(), () => this.inFlight ?? this.applied, (msg) => this.buffer.add(msg, this.applied));
    let closed = false;
    let pullError: unknown;
    const pulling = puller.run().catch((err: unknown) => (pullError = err)).finally(() => {
      closed = true;
      this.buffer.interrupt();
    });
    try {
      // A closed connection ends the session at once: nothing buffered is applied after it.
      await this.loop(() => closed || nc.isClosed());
    } finally {
      puller.stop();
      await pulling;
      this.buffer.clear();
    }
    if (pullError) throw pullError;
  }

  private pullLimits(): PullLimits {
    const messageBytes = this.options.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
    const budget = this.options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    return { messages: this.options.batchSize, budgetBytes: Math.max(budget, messageBytes), messageBytes };
  }

  private async loop(closed: () => boolean): Promise<void> {
    while (!this.stopping && this.lock.isHeld && !closed()) {
      await this.buffer.ready(this.applied);
      const run = this.buffer.takeRun(this.applied, this.limit.messages, this.limit.bytes);
      this.inFlight = run.at(-1)?.item.seq;
      let carryOn = true;
      try {
        if (run.length > 0) carryOn = await this.applyRun(run);
      } finally {
        this.inFlight = undefined;
      }
      if (!carryOn) return;
      const unreadable = run.length === 0 ? this.buffer.unreadableAt(this.applied) : undefined;
      if (unreadable) await this.stopAt(unreadable);
    }
  }

  /**
   * An event written by a newer producer: applying anything past it would diverge the read models
   * and skipping it would lose it. The checkpoint stays before it, nothing is acked, readiness
   * fails; an upgraded build takes over from exactly here.
   */
  private async stopAt(item: BatchEvent): Promise<void> {
    const event = item.event;
    if (this.stuck?.seq !== item.seq) {
      this.stuck = {
        seq: item.seq, subject: item.subject, eventId: event?.id ?? '', type: event?.type ?? '',
        schemaversion: event?.schemaversion ?? 0, reason: item.unknownVersion?.message ?? '',
      };
      this.options.logger.error(this.stuck, 'projector stopped at an event of an unknown schema version; not skipped, not acked');
    }
    await this.pause(UNREADABLE_RECHECK_MS);
  }

  /** False when the checkpoint moved under us: the session restarts from the database's position. */
  private async applyRun(received: Received[]): Promise<boolean> {
    const run = received.map((entry) => entry.msg);
    const batch = received.map((entry) => entry.item);
    this.logUndecodable(batch);
    const from = this.applied;
    try {
      const checkpoint = await applyBatch(this.options.pool, batch, {
        tables: this.options.tables,
        checkpointName: this.options.checkpointName,
        expected: this.applied,
        beforeCommit: this.options.hooks?.beforeCommit,
      });
      this.applied = checkpoint.position;
      this.failures = 0;
      this.stuck = undefined;
      this.grow();
      this.options.onCommitted?.(checkpoint);
      await this.options.hooks?.afterCommit?.(checkpoint);
      run.at(-1)?.ack();
      this.logApplied(batch, from);
      return true;
    } catch (err) {
      if (err instanceof CheckpointMovedError) {
        this.options.logger.warn({ err }, 'checkpoint moved; repositioning the consumer');
        return false;
      }
      this.failed(received, err);
      return true;
    }
  }

  /**
   * A batch that failed is split for its retry: its size may be the cause (a statement Postgres
   * refuses, a statement timeout), and one large account must not freeze every read model. Only a
   * single event that fails alone is retried as it is, with backoff.
   */
  private shrink(run: JsMsg[]): void {
    const bytes = run.reduce((sum, msg) => sum + msg.data.length, 0);
    this.limit = { messages: Math.max(1, Math.ceil(run.length / 2)), bytes: Math.max(1, Math.floor(bytes / 2)) };
  }

  private grow(): void {
    const max = this.options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.limit = { messages: Math.min(this.maxBatch, this.limit.messages * 2), bytes: Math.min(max, this.limit.bytes * 2) };
  }

  private failed(received: Received[], err: unknown): void {
    const run = received.map((entry) => entry.msg);
    const batch = received.map((entry) => entry.item);
    const split = run.length > 1;
    if (split) this.shrink(run);
    // A split retry goes at once from the buffer; only a lone failing event backs off (nak).
    const delay = split ? 0 : this.backoff(++this.failures);
    const correlationIds = [...new Set(batch.map((item) => item.event?.correlationid).filter(Boolean))].slice(0, 20);
    this.options.logger.error(
      { err, firstSeq: batch[0]?.seq, lastSeq: batch.at(-1)?.seq, correlationIds, retryInMs: delay, nextBatchLimit: this.limit },
      split ? 'projection batch failed; not acked, retrying it split in halves' : 'projection batch failed; not acked, redelivery requested',
    );
    // Not nak'ed: with AckAll, a nak of a message delivered before the last acked one is ignored by
    // the server, which would leave the rest of the run waiting for the ack wait.
    if (split) return this.buffer.putBack(received);
    for (const msg of run) {
      try {
        msg.nak(delay);
      } catch {
        // The connection is gone: the ack wait brings the messages back instead.
      }
    }
  }

  /** One line per event applied, carrying its `correlationId`: a request can be followed into the read models. */
  private logApplied(batch: BatchEvent[], from: number): void {
    for (const { seq, event } of batch) {
      if (seq <= from || !event) continue;
      this.options.logger.info({ correlationId: event.correlationid, seq, type: event.type, subject: event.subject, eventId: event.id }, 'event applied');
    }
  }

  private logUndecodable(batch: BatchEvent[]): void {
    for (const item of batch) {
      if (item.event) continue;
      this.options.logger.error({ seq: item.seq, subject: item.subject }, 'stream message is not a CloudEvent; passed over');
    }
  }

  private backoff(failures: number): number {
    return Math.min(MAX_BACKOFF_MS, 200 * 2 ** Math.min(failures - 1, 10));
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakePause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
