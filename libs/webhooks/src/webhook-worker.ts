import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { webhookWants } from '../../domain/src/webhooks/webhook.rules.js';
import type { DeliveriesLog, DeliveryRecord } from './deliveries-log.js';
import { DeliveryLanes, emptyDelivery, type DeliveryItem, type PersistedDelivery } from './delivery-lanes.js';
import type { DeliveryOutcome } from './delivery.js';
import { afterFailure, shouldDisable, type RetrySchedule } from './retry-policy.js';
import { deliveryRecord, signedAttempt, type AttemptDeps, type WebhookTarget } from './signed-attempt.js';

export type DeliveryOutcomeName = DeliveryRecord['outcome'];

export type WorkerDeps = AttemptDeps & {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  /** KV of per-webhook delivery state. */
  state: KV;
  log: DeliveriesLog;
  schedule: RetrySchedule;
  /** Aggregates of this webhook in flight at once (one event each). */
  lanesInFlight: number;
  disableAfterMs: number;
  deadLetter(target: WebhookTarget, item: DeliveryItem, bytes: Uint8Array, failures: number, error: string): Promise<void>;
  /** The endpoint failed without a success since `failingSince` for the disable window. */
  failingTooLong(target: WebhookTarget, failingSince: number): void;
  attempted(target: WebhookTarget, outcome: DeliveryOutcomeName, durationMs: number): void;
  warn(message: string): void;
};

/** Events read ahead of delivery per webhook before reading pauses. */
const MAX_QUEUED = 1_000;
const SAVE_DELAY_MS = 100;

/** The stream filter of a webhook's family: package subjects only, never the registrations. */
export const packageFilter = (target: Pick<WebhookTarget, 'family' | 'accountId'>): string =>
  target.family === 'catalog' ? 'artifacts.catalog.*' : `artifacts.accounts.${target.accountId ?? ''}.*`;

/**
 * Delivers the stream to one webhook: reads its family's subjects from the stored cursor, keeps
 * per-aggregate order through `DeliveryLanes`, retries with backoff, dead-letters after the window,
 * and stores its state (cursor, held events) in KV so a restart resumes without loss or reordering.
 */
export class WebhookWorker {
  private reader?: ConsumerMessages;
  private generation = 0;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  private retryTimer?: NodeJS.Timeout;
  private saveTimer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();
  private progress?: () => void;
  private streamPending = 0;
  private disabled = false;
  private loop?: Promise<void>;

  private constructor(
    private readonly deps: WorkerDeps,
    private target: WebhookTarget,
    readonly lanes: DeliveryLanes,
  ) {}

  /** The stored state, or a fresh one starting after `startSeq` (the registration's position). */
  static async load(deps: WorkerDeps, target: WebhookTarget, startSeq: number): Promise<WebhookWorker> {
    const entry = await deps.state.get(target.id);
    const stored = entry?.operation === 'PUT' ? entry.json<PersistedDelivery>() : emptyDelivery(startSeq);
    return new WebhookWorker(deps, target, new DeliveryLanes(stored));
  }

  start(): void {
    this.loop = this.readLoop();
    this.pump();
  }

  /** New URL or types: what is read from now on is filtered and sent accordingly. */
  update(target: WebhookTarget): void {
    this.target = target;
  }

  /** Stops reading, lets running deliveries finish and stores the state. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.progress?.();
    await this.reader?.close().catch(() => undefined);
    await this.loop;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    await this.save();
  }

  /** A replay request (position `requestSeq` in the stream): read again from `from`, once. */
  replay(from: number, requestSeq: number): void {
    if (requestSeq <= this.lanes.handledRequest) return;
    this.lanes.handledRequest = requestSeq;
    this.lanes.rewind(from);
    this.generation++;
    void this.reader?.close().catch(() => undefined);
    this.saveSoon();
  }

  /** A ping (the stored WebhookPinged event): one attempt, to this endpoint only, once. */
  async ping(item: DeliveryItem, bytes: Uint8Array, requestSeq: number): Promise<void> {
    if (requestSeq <= this.lanes.handledRequest) return;
    this.lanes.handledRequest = requestSeq;
    const outcome = await signedAttempt(this.deps, this.target, item.id, bytes);
    await this.record(item, 1, outcome, outcome.delivered ? 'delivered' : 'failed');
    this.saveSoon();
  }

  /** Events waiting (read or still in the stream) and the age of the oldest one read. */
  lag(now: number): { events: number; seconds: number } {
    const { events, oldest } = this.lanes.backlog();
    return { events: events + this.streamPending, seconds: oldest === undefined ? 0 : Math.max(0, (now - Date.parse(oldest)) / 1000) };
  }

  private async readLoop(): Promise<void> {
    while (!this.stopping) {
      const generation = this.generation;
      try {
        const consumer = await this.deps.js.consumers.get(this.deps.stream, {
          filter_subjects: packageFilter(this.target),
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: this.lanes.cursor + 1,
        });
        const reader = await consumer.consume({ max_messages: 256 });
        // A stop or replay while the reader was being set up found none to close: act on it now.
        if (this.stopping || generation !== this.generation) {
          closeUnread(reader);
          continue;
        }
        // Only a reader that is iterated is ever `this.reader`: its `close()` settles (see `closeUnread`).
        this.reader = reader;
        for await (const msg of reader) {
          if (this.stopping || generation !== this.generation) break;
          this.accept(msg);
          while (!this.stopping && this.lanes.unheld() >= MAX_QUEUED) await new Promise<void>((resolve) => (this.progress = resolve));
        }
      } catch (err) {
        if (this.stopping) break;
        this.deps.warn(`webhook ${this.target.id}: reading the stream failed: ${String(err)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      } finally {
        await this.reader?.close().catch(() => undefined);
        this.reader = undefined;
      }
    }
  }

  private accept(msg: JsMsg): void {
    this.streamPending = msg.info.pending;
    this.lanes.read(msg.seq);
    const type = msg.headers?.get('ce-type') ?? '';
    if (webhookWants(this.target.types, type)) {
      const time = new Date(Math.floor(msg.info.timestampNanos / 1e6)).toISOString();
      this.lanes.add({ seq: msg.seq, subject: msg.subject, type, id: msg.headers?.get('Nats-Msg-Id') ?? '', time, bytes: msg.data });
      this.pump();
    }
    this.saveSoon();
  }

  private pump(): void {
    if (this.stopping) return;
    for (const item of this.lanes.take(Date.now(), this.deps.lanesInFlight - this.running.size)) {
      const run = this.run(item).finally(() => {
        this.running.delete(run);
        this.progress?.();
        this.saveSoon();
        this.pump();
      });
      this.running.add(run);
    }
    this.armRetry();
  }

  private armRetry(): void {
    clearTimeout(this.retryTimer);
    const next = this.lanes.nextRetryAt();
    if (next !== undefined && !this.stopping) this.retryTimer = setTimeout(() => this.pump(), Math.max(0, next - Date.now()));
  }

  private async run(item: DeliveryItem): Promise<void> {
    const previous = this.lanes.retryOf(item.subject);
    const failures = (previous?.failures ?? 0) + 1;
    let bytes = item.bytes;
    let outcome: DeliveryOutcome;
    try {
      bytes ??= (await this.deps.jsm.streams.getMessage(this.deps.stream, { seq: item.seq }))?.data;
      outcome = bytes ? await signedAttempt(this.deps, this.target, item.id, bytes) : { delivered: false, error: `event ${item.seq} not found`, durationMs: 0 };
    } catch (err) {
      outcome = { delivered: false, error: `event ${item.seq} could not be read: ${String(err)}`, durationMs: 0 };
    }
    if (outcome.delivered) {
      this.lanes.settled(item, true);
      return this.record(item, failures, outcome, 'delivered');
    }
    const now = Date.now();
    const firstFailureAt = previous?.first_failure_at ?? now;
    const step = afterFailure({ failures, firstFailureAt }, now, Math.random, this.deps.schedule);
    if (step.kind === 'dead-letter' && bytes && (await this.deadLetter(item, bytes, failures, outcome.error))) {
      this.lanes.settled(item, false);
      await this.record(item, failures, outcome, 'dead-lettered');
    } else {
      // A dead letter that could not be stored is retried like the delivery: the lane stays held.
      const delayMs = step.kind === 'retry' ? step.delayMs : this.deps.schedule.maxRetryMs;
      this.lanes.failed(item, { failures, first_failure_at: firstFailureAt, next_at: now + delayMs });
      await this.record(item, failures, outcome, 'failed');
    }
    if (!this.disabled && shouldDisable(this.lanes.failingSince, now, this.deps.disableAfterMs)) {
      this.disabled = true;
      this.deps.failingTooLong(this.target, this.lanes.failingSince ?? now);
    }
  }

  /** Settles only once the letter is stored: a failure here leaves the event held, never lost. */
  private async deadLetter(item: DeliveryItem, bytes: Uint8Array, failures: number, error: string): Promise<boolean> {
    try {
      await this.deps.deadLetter(this.target, item, bytes, failures, error);
      return true;
    } catch (err) {
      this.deps.warn(`webhook ${this.target.id}: dead-lettering #${item.seq} failed: ${String(err)}`);
      return false;
    }
  }

  private async record(item: DeliveryItem, attempt: number, outcome: DeliveryOutcome, name: DeliveryOutcomeName): Promise<void> {
    this.deps.attempted(this.target, name, outcome.durationMs);
    await this.deps.log.record(this.target.id, deliveryRecord(item, attempt, outcome, name)).catch((err: unknown) => this.deps.warn(`webhook ${this.target.id}: deliveries log: ${String(err)}`));
  }

  private saveSoon(): void {
    if (this.saveTimer || this.stopping) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  /** Saves are chained, each writing the state as it is when it runs, so the last one wins. */
  private save(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saving = this.saving
      .then(() => this.deps.state.put(this.target.id, JSON.stringify(this.lanes.snapshot())))
      .then(() => undefined)
      .catch((err: unknown) => this.deps.warn(`webhook ${this.target.id}: saving delivery state failed: ${String(err)}`));
    return this.saving;
  }
}

/**
 * Closes a reader nothing has iterated. Its `close()` settles only once an iteration runs the stop it
 * queues, so awaiting it would wait for ever (a replay or stop during the set-up then hung the
 * worker, and with it every registration applied after it); the subscription goes at once.
 */
export function closeUnread(reader: ConsumerMessages): void {
  void reader.close().catch(() => undefined);
}
