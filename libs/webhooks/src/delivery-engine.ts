import { DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { ReplayStart } from '../../domain/src/webhooks/webhook.events.js';
import { evolve, initialState, type WebhookState } from '../../domain/src/webhooks/webhook.state.js';
import { WEBHOOK_SUBJECTS } from '../../event-store/src/subjects.js';
import { ensureDeadLetterStream, publishDeadLetter } from '../../jetstream-transport/src/dead-letter.js';
import type { Lease } from './engine-lease.js';
import type { DeliveryItem } from './delivery-lanes.js';
import type { WebhookTarget } from './signed-attempt.js';
import { closeUnread, packageFilter, WebhookWorker, type WorkerDeps } from './webhook-worker.js';

export type EngineDeps = Omit<WorkerDeps, 'deadLetter' | 'failingTooLong' | 'slots'> & {
  lease: Lease;
  leaseRenewMs: number;
  /** HTTP deliveries in flight at once, over every webhook. */
  concurrency: number;
  /** The name of a webhook's dead letters in `<stream>_DLQ`. */
  deadLetterSubscriber: (webhookId: string) => string;
  /** Appends WebhookDisabled (as the system) for an endpoint failing for the whole window. */
  disable(target: WebhookTarget, failingSince: string): Promise<void>;
  deadLettered(target: WebhookTarget): void;
};

type Request = { seq: number; item: DeliveryItem; bytes: Uint8Array; from?: ReplayStart };
type Registration = { state: WebhookState; createdSeq: number; requests: Request[] };

/**
 * The delivery engine: while this process holds the lease, it folds every webhook registration
 * from `artifacts.webhooks.>` and runs one `WebhookWorker` per active webhook. Registrations are
 * applied in stream order, after the fold has caught up, so a restart acts on the latest state.
 */
export class DeliveryEngine {
  private readonly registry = new Map<string, Registration>();
  private readonly workers = new Map<string, WebhookWorker>();
  private readonly slots: WorkerDeps['slots'];
  private reader?: ConsumerMessages;
  private registryLoop?: Promise<void>;
  private leading = false;
  private caughtUp = false;
  private applying: Promise<void> = Promise.resolve();
  private leaseTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly deps: EngineDeps) {
    this.slots = semaphore(deps.concurrency);
  }

  start(): void {
    const tick = async () => {
      try {
        const held = await this.deps.lease.tryHold();
        if (this.stopped) return;
        if (held && !this.leading) await this.lead();
        else if (!held && this.leading) await this.follow();
      } catch (err) {
        this.deps.warn(`webhook delivery engine: ${String(err)}`);
        await this.follow().catch(() => undefined);
      }
      if (!this.stopped) this.leaseTimer = setTimeout(() => void tick(), this.deps.leaseRenewMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.leaseTimer);
    await this.follow();
    await this.deps.lease.release();
  }

  get isLeading(): boolean {
    return this.leading;
  }

  /** Per-webhook backlog for the lag metrics. */
  lag(now: number): { webhook: string; events: number; seconds: number }[] {
    return [...this.workers].map(([webhook, worker]) => ({ webhook, ...worker.lag(now) }));
  }

  private async lead(): Promise<void> {
    this.leading = true;
    await ensureDeadLetterStream(this.deps.jsm, this.deps.stream);
    this.registryLoop = this.readRegistry();
  }

  private async follow(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    await this.reader?.close().catch(() => undefined);
    await this.registryLoop;
    await this.applying;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    await this.deps.log.flush();
    this.workers.clear();
    this.registry.clear();
    this.caughtUp = false;
  }

  /** From the first registration on, every time it (re)connects: the fold is rebuilt, workers kept. */
  private async readRegistry(): Promise<void> {
    while (this.leading) {
      try {
        this.registry.clear();
        this.caughtUp = false;
        const { state } = await this.deps.jsm.streams.info(this.deps.stream, { subjects_filter: WEBHOOK_SUBJECTS });
        const consumer = await this.deps.js.consumers.get(this.deps.stream, { filter_subjects: WEBHOOK_SUBJECTS, deliver_policy: DeliverPolicy.All });
        const reader = await consumer.consume({ max_messages: 256 });
        // Lost the lease while the reader was being set up: nobody else will close it.
        if (!this.leading) {
          closeUnread(reader);
          break;
        }
        // Only a reader that is iterated is ever `this.reader`, so `follow()` may await its close.
        this.reader = reader;
        if (Object.keys(state.subjects ?? {}).length === 0) this.catchUp();
        for await (const msg of reader) {
          if (!this.leading) break;
          if (!this.fold(msg)) continue;
          if (this.caughtUp) this.schedule(webhookIdOf(msg));
          else if (msg.info.pending === 0) this.catchUp();
        }
      } catch (err) {
        if (!this.leading) break;
        this.deps.warn(`webhook registrations: reading failed: ${String(err)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private catchUp(): void {
    this.caughtUp = true;
    for (const id of this.registry.keys()) this.schedule(id);
  }

  /** Folds one registration event; false (logged) for a message that is not one. */
  private fold(msg: JsMsg): boolean {
    let event: { id: string; type: string; time: string; actor: string; data: { id: string; from?: ReplayStart } };
    try {
      event = msg.json();
    } catch {
      this.deps.warn(`webhook registrations: #${msg.seq} on ${msg.subject} is not JSON; passed over`);
      return false;
    }
    const id = webhookIdOf(msg);
    const registration = this.registry.get(id) ?? { state: initialState(), createdSeq: msg.seq, requests: [] };
    const type = event.type.slice(event.type.indexOf('.') + 1);
    const recorded = { type, data: event.data, meta: { version: msg.seq, time: event.time, actor: event.actor } } as Parameters<typeof evolve>[1];
    registration.state = evolve(registration.state, recorded);
    if (type === 'WebhookCreated') registration.createdSeq = msg.seq;
    if (type === 'WebhookPinged' || type === 'WebhookReplayRequested') {
      const item = { seq: msg.seq, subject: msg.subject, type: event.type, id: event.id, time: event.time };
      registration.requests.push({ seq: msg.seq, item, bytes: msg.data, ...(event.data.from && { from: event.data.from }) });
    }
    this.registry.set(id, registration);
    return true;
  }

  private schedule(id: string): void {
    this.applying = this.applying.then(() => this.apply(id)).catch((err: unknown) => this.deps.warn(`webhook ${id}: ${String(err)}`));
  }

  /** Brings the webhook's worker in line with its registration, then acts on its pending requests. */
  private async apply(id: string): Promise<void> {
    const registration = this.registry.get(id);
    if (!registration || !this.leading) return;
    const { state } = registration;
    const requests = registration.requests.splice(0);
    let worker = this.workers.get(id);
    if (state.status !== 'live' || !state.active) {
      this.workers.delete(id);
      await worker?.stop();
      if (state.status === 'deleted') await Promise.all([this.deps.state.delete(id), this.deps.log.forget(id)]);
      return;
    }
    const target: WebhookTarget = { id, family: state.family, ...(state.account_id !== undefined && { accountId: state.account_id }), url: state.url, types: state.types };
    if (worker) worker.update(target);
    else {
      worker = await WebhookWorker.load(this.workerDeps(), target, registration.createdSeq);
      this.workers.set(id, worker);
      worker.start();
    }
    for (const request of requests) {
      if (request.from === undefined) await worker.ping(request.item, request.bytes, request.seq);
      else worker.replay(await this.startOf(request.from, target), request.seq);
    }
  }

  /** A replay's first position: as given, or the first of the webhook's subjects at or after the time. */
  private async startOf(from: ReplayStart, target: WebhookTarget): Promise<number> {
    if ('position' in from) return from.position;
    const consumer = await this.deps.js.consumers.get(this.deps.stream, {
      filter_subjects: packageFilter(target),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: from.time,
    });
    const first = await consumer.next({ expires: 1_000 });
    if (first) return first.seq;
    return (await this.deps.jsm.streams.info(this.deps.stream)).state.last_seq + 1;
  }

  private workerDeps(): WorkerDeps {
    const { deps } = this;
    return {
      ...deps,
      slots: this.slots,
      deadLetter: async (target, item, bytes, failures, error) => {
        const h = natsHeaders();
        h.set('Nats-Msg-Id', item.id);
        h.set('ce-type', item.type);
        await publishDeadLetter(deps.js, { stream: deps.stream, subscriber: deps.deadLetterSubscriber(target.id), subject: item.subject, sequence: item.seq, deliveries: failures, error, headers: h, data: bytes });
        deps.deadLettered(target);
      },
      failingTooLong: (target, failingSince) => {
        void deps.disable(target, new Date(failingSince).toISOString()).catch((err: unknown) => deps.warn(`webhook ${target.id}: disabling failed: ${String(err)}`));
      },
    };
  }
}

/** `artifacts.webhooks.catalog.<id>` / `artifacts.webhooks.accounts.<account>.<id>` → the webhook id. */
const webhookIdOf = (msg: JsMsg): string => msg.subject.slice(msg.subject.lastIndexOf('.') + 1);

function semaphore(max: number): WorkerDeps['slots'] {
  let used = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire: () =>
      used < max
        ? Promise.resolve(void used++)
        : new Promise<void>((resolve) => waiting.push(() => resolve(void used++))),
    release: () => {
      used--;
      waiting.shift()?.();
    },
  };
}
