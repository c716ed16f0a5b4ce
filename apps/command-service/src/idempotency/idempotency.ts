import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../../libs/domain/src/field-checks.js';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from '../../../../libs/domain/src/errors.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import type { RenderRefusal } from '../write-refusal.js';
import type { StoredResponse } from '../write-response.js';
import type { CommandIds, IdempotencyLease, IdempotencyStore } from './idempotency.store.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,255}$/;

/** The `Idempotency-Key` header, checked; undefined when the request has none. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new BadRequestError('header.idempotency-key', 'must be 1..255 characters of A-Z a-z 0-9 . _ : -', value);
  }
  return value;
}

/** Same method, same route (trailing slash aside) and the same body up to key order = same request. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const route = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return createHash('sha256').update(canonicalJson([method.toUpperCase(), route, body ?? null])).digest('hex');
}

export type IdempotentRequest = {
  /** The token's `sub`: keys of different callers never meet. */
  scope: string;
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
  /** How the route's family answers a thrown client error: that answer is recorded like any other. */
  refusal: RenderRefusal;
};

export type Execution<I extends CommandIds> = {
  ids: I;
  /** An earlier attempt with these ids died mid-way; it may have appended already. */
  rerun: boolean;
  /** Call right before publishing (the pipeline's `onAppend`): a later failure may have appended. */
  appending: () => void;
};

export type Idempotency = {
  run<I extends CommandIds>(
    request: IdempotentRequest,
    ids: I,
    execute: (execution: Execution<I>) => Promise<StoredResponse>,
  ): Promise<StoredResponse>;
};

export type IdempotencyMetrics = { replayed(): void };

/**
 * Wraps a write so that a retry with the same key replays the first response. The command's ids
 * are stored with the pending record before anything is decided: a re-run after a crash reuses them
 * and so converges on the event the first attempt may have appended.
 */
export function createIdempotency(store: IdempotencyStore, metrics?: IdempotencyMetrics): Idempotency {
  const run = async <I extends CommandIds>(
    request: IdempotentRequest,
    ids: I,
    execute: (execution: Execution<I>) => Promise<StoredResponse>,
  ): Promise<StoredResponse> => {
    if (request.key === undefined) return execute({ ids, rerun: false, appending: () => undefined });
    const fingerprint = requestFingerprint(request.method, request.path, request.body);
    const begun = await store.begin(request.scope, request.key, fingerprint, ids);
    switch (begun.outcome) {
      case 'mismatch':
        throw new IdempotencyKeyReusedError();
      case 'in-flight':
        throw new IdempotencyKeyInFlightError(begun.retryAfterSeconds);
      case 'replay':
        metrics?.replayed();
        return begun.response;
      case 'started':
        break;
      default: {
        const _exhaustive: never = begun;
        return _exhaustive;
      }
    }
    let published = false;
    let response: StoredResponse;
    try {
      response = await execute({ ids: begun.ids as I, rerun: begun.takeover, appending: () => (published = true) });
    } catch (err) {
      await settleFailure(begun.lease, request.refusal(err), published);
      throw err;
    }
    if (response.status >= 500) return response;
    // The write happened: failing to record it must not turn success into an error. A retry then
    // waits out the lease and re-runs with the same ids, which finds the event and replays.
    await store.complete(begun.lease, response).catch(() => undefined);
    return response;
  };

  /**
   * A refusal (4xx) is the request's answer: recorded, so a retry replays it even when the state
   * that caused it has changed since. Nothing else is stored, and the pending record goes too,
   * unless a publish went out: it may have appended, so the record keeps its ids as `unsettled`,
   * and a retry re-runs with them at once (finding that event or appending it under the same msg
   * id) instead of creating twice. (A refusal is always a verdict: the pipeline throws one only
   * after the store answered.) If even that write fails, the pending record's lease runs out.
   */
  const settleFailure = async (lease: IdempotencyLease, refusal: StoredResponse | undefined, published: boolean): Promise<void> => {
    if (refusal) await store.complete(lease, refusal).catch(() => undefined);
    else if (published) await store.unsettle(lease).catch(() => undefined);
    else await store.abandon(lease).catch(() => undefined);
  };
  return { run };
}
