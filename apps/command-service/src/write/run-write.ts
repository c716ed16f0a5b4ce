import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from '../../../../libs/domain/src/errors.js';
import { AppendOutcomeUnknownError } from '../../../../libs/event-store/src/event-store.js';
import type { IdempotencyLease, IdempotencyStore } from '../idempotency/idempotency.store.js';
import type { DomainEvent } from '../pipeline/aggregate-model.js';
import type { CommandPipeline, CommandResult } from '../pipeline/command-pipeline.js';
import { requestFingerprint, type WriteContext, type WriteIds, type WriteRequest } from './write-request.js';
import type { RenderRefusal, StoredResponse } from './write-response.js';

/** The unique values a write claims before its append (catalog aliases, the accounts tuple). */
export type WriteClaims<S, E> = {
  /** Reserves what `event` holds (409 when another live aggregate does); notes what it drops. */
  beforeAppend(event: E, state: S): Promise<void>;
  /** `appended` = the event this write decided is in the stream: free what it dropped; else free what was claimed. */
  settle(appended: boolean): Promise<void>;
  /** An earlier attempt's event was found: re-establish every claim `state` holds, free this attempt's extras. */
  restore(state: S): Promise<void>;
};

/** The aggregate a write goes to; `isNew` = its id was generated for this write (nothing to read). */
export type WriteTarget = { subject: string; aggregateId: string; accountId?: string; isNew?: boolean };

/** What a route settled on after its own checks: where, which command, and how a success is answered. */
export type WritePlan<S, E extends DomainEvent, C> = {
  target: WriteTarget;
  command: C;
  respond: (result: CommandResult<S, E>) => StoredResponse;
};

export type Idempotency = { store: IdempotencyStore; replayed(): void };

/** One family's write side: pipeline and decider, unique-value claims, refusals in its wire format. */
export type WriteFamily<S, E extends DomainEvent, C> = {
  pipeline: CommandPipeline<S, E>;
  decide: (command: C, state: S) => E | null;
  claims: (target: WriteTarget) => WriteClaims<S, E>;
  refusal: (request: WriteRequest) => RenderRefusal;
  idempotency: Idempotency;
};

/**
 * Every write, in order: (1) idempotency — replay an answered key, refuse a key in use, else run
 * with the ids kept under it; (2) the route's own checks and command (`prepare`, the one callback);
 * (3) decide on the aggregate's state and append, the claims reserved right before each append;
 * (4) claims follow the stream; (5) answer, recorded under the key.
 *
 * Ambiguity is a state: when the append's publish got no verdict (AppendOutcomeUnknownError, 503),
 * the claims stay and the key's record stays `unsettled` with its ids. A retry re-runs with those
 * ids, finds the event by its pre-chosen id (or appends it under that msg id) and restores every
 * claim the aggregate holds before answering. Only a verdict against the write releases claims.
 */
export async function runWrite<S, E extends DomainEvent, C, I extends WriteIds>(
  family: WriteFamily<S, E, C>,
  request: WriteRequest,
  fresh: I,
  prepare: (ids: I, ctx: WriteContext) => WritePlan<S, E, C> | Promise<WritePlan<S, E, C>>,
): Promise<StoredResponse> {
  const ctx: WriteContext = { actor: request.actor, now: new Date().toISOString() };
  const begun = await beginKey(family.idempotency, request, fresh);
  if (begun.replay) return begun.replay;
  const { ids, rerun, lease } = begun;
  let claims: WriteClaims<S, E> | undefined;
  try {
    const plan = await prepare(ids, ctx);
    claims = family.claims(plan.target);
    const { target, command } = plan;
    const result = await family.pipeline.execute({
      subject: target.subject,
      aggregateId: target.aggregateId,
      ...(target.accountId !== undefined && { accountId: target.accountId }),
      eventId: ids.eventId,
      envelope: { actor: request.actor, correlationId: request.correlationId, causationId: ids.commandId, now: ctx.now },
      decide: (state) => family.decide(command, state),
      beforeAppend: claims.beforeAppend,
      ...(request.ifMatch && { ifMatch: request.ifMatch }),
      // A re-run may find its aggregate created by the earlier attempt: never assume it is new.
      isNew: target.isNew === true && !rerun,
      recheck: rerun,
    });
    const settling = claims;
    claims = undefined;
    if (result.earlier) await settling.restore(result.state);
    else await settling.settle(result.event !== undefined);
    const response = plan.respond(result);
    // The write happened: failing to record it must not turn success into an error (a retry re-runs and finds it).
    if (lease) await family.idempotency.store.complete(lease, response).catch(() => undefined);
    return response;
  } catch (err) {
    // Only a verdict releases claims: after a publish without one, the event may hold them.
    if (claims && !(err instanceof AppendOutcomeUnknownError)) await claims.settle(false);
    if (lease) await recordFailure(family.idempotency.store, lease, family.refusal(request)(err));
    throw err;
  }
}

type Begun<I> = { replay: StoredResponse } | { replay?: undefined; ids: I; rerun: boolean; lease?: IdempotencyLease };

/** Keys are scoped to the caller (`sub`); without a key the write runs once with fresh ids. */
async function beginKey<I extends WriteIds>(idempotency: Idempotency, request: WriteRequest, fresh: I): Promise<Begun<I>> {
  if (request.idempotencyKey === undefined) return { ids: fresh, rerun: false };
  const fingerprint = requestFingerprint(request.method, request.path, request.body);
  const begun = await idempotency.store.begin(request.actor, request.idempotencyKey, fingerprint, fresh);
  switch (begun.outcome) {
    case 'mismatch':
      throw new IdempotencyKeyReusedError();
    case 'in-flight':
      throw new IdempotencyKeyInFlightError(begun.retryAfterSeconds);
    case 'replay':
      idempotency.replayed();
      return { replay: begun.response };
    case 'started':
      return { ids: begun.ids as I, rerun: begun.takeover, lease: begun.lease };
    default: {
      const _exhaustive: never = begun;
      return _exhaustive;
    }
  }
}

/**
 * A refusal (4xx) is the request's answer: recorded, so a retry replays it even when the state that
 * caused it has changed since. Anything else leaves the record `unsettled` with its ids, and a retry
 * re-runs with them at once: a publish that went out may have appended (the re-run finds that event
 * or appends it under the same msg id, never a second one), and a reservation whose KV write got no
 * answer may exist (the re-run finds it its own). If even that write fails, the lease runs out.
 */
async function recordFailure(store: IdempotencyStore, lease: IdempotencyLease, refusal: StoredResponse | undefined): Promise<void> {
  if (refusal) await store.complete(lease, refusal).catch(() => undefined);
  else await store.unsettle(lease).catch(() => undefined);
}
