import { ConflictError, isDomainError, PreconditionFailedError } from '../../../../libs/domain/src/errors.js';
import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import { buildCloudEvent, type CloudEvent } from '../../../../libs/event-store/src/cloud-event.js';
import { AppendOutcomeUnknownError, ConcurrencyError, EventStoreUnavailableError, type EventStore } from '../../../../libs/event-store/src/event-store.js';
import type { IfMatch } from '../../../../libs/http/src/headers/etag.js';
import { noFailpoints, type Failpoints } from '../failpoints.js';
import { createAggregateCache, DEFAULT_AGGREGATE_CACHE_BYTES, type AggregateCache, type CachedAggregate } from './aggregate-cache.js';
import { foldStored, recordedFromStored, type AggregateModel, type DomainEvent } from './aggregate-model.js';
import { createKeyedQueue, type KeyedQueue } from './keyed-queue.js';

export type CommandEnvelope = {
  actor: string;
  correlationId: string;
  /** The request (or command) id that caused the event. */
  causationId: string;
  /** ISO time of the command; also the event's `time`. */
  now: string;
};

export type Command<S, E extends DomainEvent> = {
  subject: string;
  aggregateId: string;
  accountId?: string;
  /** Chosen before the append and kept with an idempotency key: the JetStream msg id. */
  eventId: string;
  envelope: CommandEnvelope;
  decide: (state: S) => E | null;
  /** Claims what the event needs (e.g. unique values) right before each append; may throw. */
  beforeAppend?: (event: E, state: S) => Promise<void>;
  /** `*` = must exist; versions = stale is 412, never retried. Absent = races are re-decided. */
  ifMatch?: IfMatch;
  /** The aggregate id was generated for this command: nothing to read. */
  isNew?: boolean;
  /** An earlier attempt with this event id may have appended: look for it before deciding. */
  recheck?: boolean;
};

export type CommandResult<S, E extends DomainEvent> = {
  /** State the last decision was made on. */
  before: S;
  state: S;
  version: number;
  /** The appended (or, on a re-run, found) event; undefined when nothing changed. */
  event?: Recorded<E>;
  /** The event was appended by an earlier attempt with the same event id (found, not decided now). */
  earlier?: true;
  /** `X-Consistency-Token`: the event's sequence, or the current version when nothing was appended. */
  position: number;
};

export type PipelineMetrics = { appended(family: string, type: string): void; conflict(family: string): void };

export type PipelineOptions<S, E extends DomainEvent> = {
  store: EventStore;
  model: AggregateModel<S, E>;
  /** Decisions per command when appends keep losing races to other processes (then 409). */
  maxAttempts: number;
  cacheSize: number;
  /** Estimated bytes the aggregate cache may hold (default 64 MiB). */
  cacheBytes?: number;
  queue?: KeyedQueue;
  failpoints?: Failpoints;
  metrics?: PipelineMetrics;
};

export type CommandPipeline<S, E extends DomainEvent> = {
  execute(command: Command<S, E>): Promise<CommandResult<S, E>>;
  /** The aggregate brought up to date with the store (cheap when cached). */
  load(subject: string): Promise<CachedAggregate<S>>;
  /** Waits for every queued command (graceful shutdown). */
  drain(): Promise<void>;
};

/** Tracks whether the entry was read from the store during this command (vs. taken from the cache). */
type Working<S> = CachedAggregate<S> & { fresh: boolean };

export function createCommandPipeline<S, E extends DomainEvent>(options: PipelineOptions<S, E>): CommandPipeline<S, E> {
  const { store, model } = options;
  const cache: AggregateCache<S> = createAggregateCache({ maxEntries: options.cacheSize, maxBytes: options.cacheBytes ?? DEFAULT_AGGREGATE_CACHE_BYTES });
  const queue = options.queue ?? createKeyedQueue();
  const failpoints = options.failpoints ?? noFailpoints;

  const remember = (subject: string, entry: CachedAggregate<S>): void => {
    // A concurrent load outside the queue must never roll the cache back.
    if ((cache.get(subject)?.version ?? -1) <= entry.version) cache.set(subject, entry);
  };

  const refresh = async (subject: string, from: CachedAggregate<S> | undefined): Promise<Working<S>> => {
    const base = from ?? { state: model.initialState(), version: 0 };
    const tail = await store.read(subject, base.version);
    const entry = { state: foldStored(model, base.state, tail.events), version: tail.version, fresh: true };
    remember(subject, entry);
    return entry;
  };

  const load = (subject: string): Promise<CachedAggregate<S>> => refresh(subject, cache.get(subject));

  const start = async (command: Command<S, E>): Promise<Working<S>> => {
    if (command.isNew) return { state: model.initialState(), version: 0, fresh: true };
    const cached = cache.get(command.subject);
    return cached ? { ...cached, fresh: false } : refresh(command.subject, undefined);
  };

  const run = async (command: Command<S, E>): Promise<CommandResult<S, E>> => {
    if (command.recheck) {
      const found = await findEarlierAppend(command);
      if (found) return found;
    }
    let entry = await start(command);
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      const step = await decideOnce(command, entry);
      if (step.kind === 'done') return step.result;
      if (step.kind === 'conflict') {
        options.metrics?.conflict(model.family);
        if (command.ifMatch && !command.ifMatch.any) throw new PreconditionFailedError();
        await backoff(attempt);
      }
      entry = await refresh(command.subject, entry);
    }
    throw new ConflictError(`${command.aggregateId} kept changing; the command lost ${options.maxAttempts} races`, []);
  };

  type Step = { kind: 'done'; result: CommandResult<S, E> } | { kind: 'stale' } | { kind: 'conflict' };

  /** One decision. 'stale' = the cached state may be behind: decide again on a fresh read. */
  const decideOnce = async (command: Command<S, E>, entry: Working<S>): Promise<Step> => {
    if (!preconditionHolds(command.ifMatch, entry)) {
      if (!entry.fresh) return { kind: 'stale' };
      throw new PreconditionFailedError();
    }
    let event: E | null;
    try {
      event = command.decide(entry.state);
    } catch (err) {
      // A refusal based on a cached state could be outdated by another process's write.
      if (!entry.fresh && isDomainError(err)) return { kind: 'stale' };
      throw err;
    }
    if (!event) {
      if (!entry.fresh) return { kind: 'stale' };
      return { kind: 'done', result: { before: entry.state, state: entry.state, version: entry.version, position: entry.version } };
    }
    await command.beforeAppend?.(event, entry.state);
    return append(command, entry, event);
  };

  const append = async (command: Command<S, E>, entry: Working<S>, event: E): Promise<Step> => {
    const cloudEvent: CloudEvent = buildCloudEvent<Record<string, unknown>>({
      family: model.family,
      type: event.type,
      aggregateId: command.aggregateId,
      ...(command.accountId === undefined ? {} : { accountId: command.accountId }),
      data: event.data as Record<string, unknown>,
      id: command.eventId,
      time: command.envelope.now,
      actor: command.envelope.actor,
      correlationId: command.envelope.correlationId,
      causationId: command.envelope.causationId,
    });
    let ack;
    try {
      ack = await store.append(command.subject, cloudEvent, { expectedVersion: entry.version });
    } catch (err) {
      if (err instanceof ConcurrencyError) return { kind: 'conflict' };
      // The publish went out and no verdict came back: stored or not, nobody knows yet.
      if (err instanceof EventStoreUnavailableError) throw new AppendOutcomeUnknownError(command.subject, command.eventId, { cause: err });
      throw err;
    }
    failpoints.hit('crash-after-append');
    if (ack.duplicate) {
      // The id was stored before (an earlier attempt): report that event, not this decision.
      const found = await findEarlierAppend(command).catch((err: unknown) => {
        throw new AppendOutcomeUnknownError(command.subject, command.eventId, { cause: err });
      });
      if (found) return { kind: 'done', result: found };
    }
    options.metrics?.appended(model.family, event.type);
    const recorded = recordedFromStored<E>({ sequence: ack.sequence, subject: command.subject, event: cloudEvent });
    const next = { state: model.evolve(entry.state, recorded), version: ack.sequence };
    remember(command.subject, next);
    return { kind: 'done', result: { before: entry.state, ...next, event: recorded, position: ack.sequence } };
  };

  /** Reads the whole history: rare (a re-run after a crash), so no cache shortcut. */
  const findEarlierAppend = async (command: Command<S, E>): Promise<CommandResult<S, E> | undefined> => {
    const history = await store.read(command.subject);
    const index = history.events.findIndex((stored) => stored.event.id === command.eventId);
    const found = history.events[index];
    if (!found) return undefined;
    const toDomain = model.toDomain ?? recordedFromStored<E>;
    const before = foldStored(model, model.initialState(), history.events.slice(0, index));
    const state = foldStored(model, before, history.events.slice(index));
    remember(command.subject, { state, version: history.version });
    return { before, state, version: history.version, event: toDomain(found), position: history.version, earlier: true };
  };

  return {
    execute: (command) => queue.run(command.subject, () => run(command)),
    load,
    drain: () => queue.drain(),
  };

  function preconditionHolds(ifMatch: IfMatch | undefined, entry: Working<S>): boolean {
    if (!ifMatch) return true;
    if (!model.exists(entry.state)) return false;
    return ifMatch.any || ifMatch.versions.includes(entry.version);
  }
}

/** Spreads two processes' retries apart so one stops beating the other by a hair every time. */
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, attempt * 2)));
