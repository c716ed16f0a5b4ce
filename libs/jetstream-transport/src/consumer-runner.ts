import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { LoggerService } from '@nestjs/common';
import type { CloudEvent } from '../../event-store/src/cloud-event.js';
import { upcastEvent } from '../../event-store/src/upcasting/event-upcasters.js';
import { DLQ_HEADERS, headerRecord, publishDeadLetter } from './dead-letter.js';
import { backoffFor, type ResolvedOptions } from './jetstream-transport.options.js';
import { JetStreamContext, type JetStreamContextArgs } from './jetstream.context.js';
import { settlesWithin } from './settles-within.js';
import type { Slots } from './slots.js';
import { SubjectLanes, type LaneItem } from './subject-lanes.js';

/** Runs the handlers registered for `type`; rejects when any of them failed. */
export type Dispatch = (type: string, data: unknown, context: JetStreamContext) => Promise<void>;

export type RunnerDeps = {
  consumer: Consumer;
  js: JetStreamClient;
  options: ResolvedOptions;
  slots: Slots;
  /** True for the consumer of replayed dead letters: the event's origin comes from the letter's headers. */
  replay: boolean;
  hasHandler(type: string): boolean;
  dispatch: Dispatch;
  logger: LoggerService;
};

type Item = LaneItem & { msg: JsMsg; type: string };

const FETCH_EXPIRES_MS = 1000;

/**
 * One durable pull consumer: fetches only as many messages as there are free handler slots, keeps
 * per-aggregate order through `SubjectLanes`, acks after the handler resolved, naks failures with
 * backoff and dead-letters an event after `maxDeliver` failed deliveries.
 */
export class ConsumerRunner {
  private readonly lanes = new SubjectLanes<Item>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private loop?: Promise<void>;
  private batch?: ConsumerMessages;
  private heartbeat?: NodeJS.Timeout;
  private wake?: () => void;
  private readonly unlisten: () => void;

  constructor(private readonly deps: RunnerDeps) {
    // Either runner sharing the slots may free one: start queued work, and let a fetch loop waiting
    // for a free slot fetch again.
    this.unlisten = deps.slots.onRelease(() => {
      this.pump();
      this.wake?.();
    });
  }

  start(): void {
    const every = Math.max(250, Math.floor(this.deps.options.ackWaitMs / 3));
    this.heartbeat = setInterval(() => this.keepAlive(), every);
    this.loop = this.fetchLoop();
  }

  /** Stops fetching, lets running handlers settle, and hands unstarted messages back. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    // A fetch ends by its expiry while NATS answers; with NATS away it waits for a reconnect that
    // may never come, so it is ended: what it held is delivered again after the ack wait.
    if (!(await settlesWithin(this.loop ?? Promise.resolve(), FETCH_EXPIRES_MS * 2))) {
      this.batch?.stop();
      await this.loop;
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    clearInterval(this.heartbeat);
    this.unlisten();
    this.handBack();
  }

  private async fetchLoop(): Promise<void> {
    while (!this.stopping) {
      const free = this.deps.slots.free();
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      try {
        this.batch = await this.deps.consumer.fetch({ max_messages: free, expires: FETCH_EXPIRES_MS });
        for await (const msg of this.batch) this.accept(msg);
      } catch (err) {
        if (this.stopping) break;
        this.deps.logger.error(`fetch failed on ${this.deps.options.subscriber}: ${String(err)}`);
        await new Promise((resolve) => setTimeout(resolve, FETCH_EXPIRES_MS));
      }
    }
  }

  private accept(msg: JsMsg): void {
    const { options, replay } = this.deps;
    if (msg.info.deliveryCount > 1) {
      options.metrics.onRedelivery?.({ subscriber: options.subscriber, subject: msg.subject, deliveryCount: msg.info.deliveryCount });
    }
    const type = msg.headers?.get('ce-type') ?? '';
    // Events nobody here handles are acked unparsed: skipping them cannot change any outcome.
    if (!this.deps.hasHandler(type)) return msg.ack();
    const key = replay ? (msg.headers?.get(DLQ_HEADERS.subject) ?? msg.subject) : msg.subject;
    this.lanes.add({ key, seq: msg.seq, msg, type });
    this.pump();
  }

  private pump(): void {
    if (this.stopping) return;
    while (this.deps.slots.free() > 0) {
      const item = this.lanes.take();
      if (!item) return;
      this.deps.slots.tryAcquire();
      const run = this.run(item).finally(() => {
        this.inFlight.delete(run);
        this.deps.slots.release();
      });
      this.inFlight.add(run);
    }
  }

  private async run(item: Item): Promise<void> {
    try {
      const context = new JetStreamContext([this.contextArgs(item.msg)]);
      await this.deps.dispatch(item.type, upcastPayload(JSON.parse(item.msg.string()) as unknown), context);
      item.msg.ack();
      this.lanes.done(item);
    } catch (err) {
      await this.settleFailure(item, err);
    }
  }

  private async settleFailure(item: Item, err: unknown): Promise<void> {
    const { options } = this.deps;
    const failures = item.msg.info.deliveryCount;
    const error = errorMessage(err);
    if (failures >= options.maxDeliver) {
      try {
        await this.deadLetter(item, error);
        return;
      } catch (dlqErr) {
        this.deps.logger.error(`dead-lettering ${item.key}#${item.seq} failed: ${String(dlqErr)}`);
      }
    }
    const delay = backoffFor(options.backoffMs, failures);
    this.deps.logger.warn?.(`${options.subscriber}: ${item.type} ${item.key}#${item.seq} failed (${failures}), retry in ${delay}ms: ${error}`);
    item.msg.nak(delay);
    this.lanes.block(item, Date.now() + delay);
  }

  private async deadLetter(item: Item, error: string): Promise<void> {
    const { options, js } = this.deps;
    const origin = this.contextArgs(item.msg);
    await publishDeadLetter(js, {
      stream: options.stream,
      subscriber: options.subscriber,
      subject: origin.subject,
      sequence: origin.sequence,
      deliveries: item.msg.info.deliveryCount,
      error,
      headers: item.msg.headers,
      data: item.msg.data,
    });
    // Settled only after the letter is stored: a crash in between leaves a second letter, never none.
    // No reason text: nats-server 2.9 ignores a `+TERM` that carries one.
    item.msg.term();
    this.lanes.done(item);
    this.deps.logger.error(`${options.subscriber}: ${item.type} ${origin.subject}#${origin.sequence} dead-lettered: ${error}`);
    options.metrics.onDeadLetter?.({ subscriber: options.subscriber, subject: origin.subject, error });
  }

  private contextArgs(msg: JsMsg): JetStreamContextArgs {
    const headers = headerRecord(msg.headers);
    const base = { deliveryCount: msg.info.deliveryCount, headers, replay: this.deps.replay };
    if (!this.deps.replay) return { ...base, subject: msg.subject, sequence: msg.seq };
    return { ...base, subject: headers[DLQ_HEADERS.subject] ?? msg.subject, sequence: Number(headers[DLQ_HEADERS.sequence] ?? 0) };
  }

  /** Fetched messages stay ours while they wait or run: no spurious redelivery. */
  private keepAlive(): void {
    for (const item of this.lanes.running()) item.msg.working();
    for (const { items } of this.lanes.waiting()) for (const item of items) item.msg.working();
    const released = this.lanes.releaseStale(Date.now(), 2 * this.deps.options.ackWaitMs);
    for (const key of released) this.deps.logger.warn?.(`${this.deps.options.subscriber}: ${key} unblocked, its failed event did not come back`);
    if (released.length > 0) this.pump();
  }

  /**
   * Unstarted messages of an unblocked aggregate are naked in order so they come back at once and
   * in order. A blocked aggregate's are left alone: they come back after the ack wait, which is
   * longer than any backoff, so after the failed event they must follow.
   */
  private handBack(): void {
    for (const { items, blocked } of this.lanes.waiting()) if (!blocked) for (const item of items) item.msg.nak();
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

/**
 * Handlers see every event at the version this build reads. One written by a newer producer throws
 * (UnknownSchemaVersionError): it is retried, then dead-lettered, and a replay after an upgrade
 * delivers it; it is never acked unread.
 */
function upcastPayload(payload: unknown): unknown {
  const event = payload as Partial<CloudEvent> | null;
  if (typeof event?.type !== 'string' || typeof event.schemaversion !== 'number') return payload;
  return upcastEvent(event as CloudEvent);
}
