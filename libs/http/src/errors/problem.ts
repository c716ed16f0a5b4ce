import {
  ConflictError,
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  type FieldIssue,
} from '../../../domain/src/errors.js';
import { AppendOutcomeUnknownError, ConcurrencyError, EventStoreUnavailableError } from '../../../event-store/src/event-store.js';
import { AccountNotFoundError, ForbiddenError, InvalidTokenError, MissingTokenError } from '../auth/auth.errors.js';
import * as http from './http.errors.js';
import { SchemaValidationError } from './schema-validation.error.js';

/** What went wrong, independent of the wire format; each family's renderer maps it to its own shape. */
export type ProblemKind =
  | 'bad-request'
  | 'unknown-parameter'
  | 'malformed-json'
  | 'invalid-body'
  | 'invalid-request'
  | 'missing-token'
  | 'invalid-token'
  | 'forbidden'
  | 'not-found'
  | 'collection-not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal'
  | 'unavailable';

/** `location` like `body.aliases[2]`, `query.page_size`, `header.if-match`, `path.package`. */
export type ProblemField = { location: string; message: string; value?: unknown };

export type Problem = {
  kind: ProblemKind;
  /** The catalog's HTTP status; the accounts renderer takes its status from the problem number. */
  status: number;
  detail: string;
  fields: ProblemField[];
  headers: Record<string, string>;
};

export const KIND_STATUS: Record<ProblemKind, number> = {
  'bad-request': 400,
  'unknown-parameter': 400,
  'malformed-json': 400,
  'invalid-body': 422,
  'invalid-request': 422,
  'missing-token': 401,
  'invalid-token': 401,
  forbidden: 403,
  'not-found': 404,
  'collection-not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  internal: 500,
  unavailable: 503,
};

/** A store that does not answer is retried by clients after this many seconds. */
const STORE_RETRY_AFTER_SECONDS = 1;

const problem = (kind: ProblemKind, detail: string, extra: Partial<Problem> = {}): Problem => ({
  kind,
  status: KIND_STATUS[kind],
  detail,
  fields: [],
  headers: {},
  ...extra,
});

export const bodyFields = (issues: readonly FieldIssue[]): ProblemField[] =>
  issues.map(({ path, message, value }) => ({
    location: path === '' ? 'body' : path.startsWith('[') ? `body${path}` : `body.${path}`,
    message,
    ...(value !== undefined && { value }),
  }));

/** Maps any thrown value to a Problem; `undefined` means "not ours" (the filter renders it as internal). */
export function toProblem(error: unknown): Problem | undefined {
  return authProblem(error) ?? domainProblem(error) ?? edgeProblem(error) ?? requestProblem(error);
}

function authProblem(error: unknown): Problem | undefined {
  if (error instanceof MissingTokenError) return problem('missing-token', error.message, { headers: { 'WWW-Authenticate': 'Bearer' } });
  if (error instanceof InvalidTokenError) {
    return problem('invalid-token', error.message, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
  }
  if (error instanceof ForbiddenError) return problem('forbidden', error.message);
  if (error instanceof AccountNotFoundError) return problem('collection-not-found', error.message);
  return undefined;
}

function domainProblem(error: unknown): Problem | undefined {
  if (error instanceof ValidationError) return problem('invalid-request', error.detail, { fields: bodyFields(error.issues) });
  if (error instanceof NotFoundError) return problem('not-found', error.message);
  if (error instanceof ConflictError) return problem('conflict', error.detail, { fields: bodyFields(error.issues) });
  if (error instanceof ConcurrencyError) {
    return problem('conflict', 'The resource was changed by another request at the same time; retry.');
  }
  if (error instanceof PreconditionFailedError) return problem('precondition-failed', error.message);
  if (error instanceof IdempotencyKeyReusedError) {
    return problem('invalid-request', error.message, {
      fields: [{ location: 'header.idempotency-key', message: error.message }],
    });
  }
  if (error instanceof IdempotencyKeyInFlightError) {
    return problem('conflict', error.message, { headers: { 'Retry-After': String(error.retryAfterSeconds) } });
  }
  return storeProblem(error);
}

/** NATS not answering (the stream or a KV bucket), or an append without a verdict: 503, retry later. */
function storeProblem(error: unknown): Problem | undefined {
  if (error instanceof AppendOutcomeUnknownError) {
    return problem('unavailable', 'The event store did not confirm the write; it may have been recorded. Retry with the same Idempotency-Key.', {
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    });
  }
  if (error instanceof EventStoreUnavailableError) {
    return problem('unavailable', 'The event store is not answering; retry later.', {
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    });
  }
  if (isDatabaseUnavailable(error)) {
    return problem('unavailable', 'The database is not answering; retry later.', { headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) } });
  }
  return undefined;
}

/** Socket errors, and the SQLSTATEs of a server that is away, shutting down or starting (classes 08, 57P). */
const UNAVAILABLE_CODES = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|08...|57P0[1-3])$/;
/** node-postgres raises these without a code when a connection dies or none can be had in time. */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** Postgres not answering (restarting, killed, failing over) is a 503 to retry, not a 500. */
function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) || UNAVAILABLE_MESSAGES.test(error.message);
}

function edgeProblem(error: unknown): Problem | undefined {
  if (error instanceof SchemaValidationError) return problem('invalid-body', error.message, { fields: bodyFields(error.issues) });
  if (error instanceof http.BadRequestError) {
    const field: ProblemField = { location: error.location, message: error.message };
    if (error.value !== undefined) field.value = error.value;
    return problem('bad-request', error.message, { fields: [field] });
  }
  if (error instanceof http.UnknownQueryParameterError) {
    const fields = error.names.map((name) => ({ location: `query.${name}`, message: 'unknown query parameter' }));
    return problem('unknown-parameter', error.message, { fields });
  }
  if (error instanceof http.ServiceUnavailableError) {
    return problem('unavailable', error.message, { headers: { 'Retry-After': String(error.retryAfterSeconds) } });
  }
  return undefined;
}

function requestProblem(error: unknown): Problem | undefined {
  if (error instanceof http.MalformedJsonError) return problem('malformed-json', error.message);
  if (error instanceof http.NonObjectBodyError) {
    return problem('invalid-body', error.message, { fields: [{ location: 'body', message: 'must be a JSON object' }] });
  }
  if (error instanceof http.UnsupportedMediaTypeError) return problem('unsupported-media-type', error.message);
  if (error instanceof http.MethodNotAllowedError) {
    return problem('method-not-allowed', error.message, { headers: { Allow: error.allowed.join(', ') } });
  }
  if (error instanceof http.RouteNotFoundError) return problem('collection-not-found', error.message);
  return undefined;
}

/** For errors the framework raises with only a status (Nest HttpException, Fastify errors). */
export function problemForStatus(status: number, detail: string): Problem | undefined {
  if (status >= 500) return undefined;
  const kind = STATUS_KIND[status] ?? 'bad-request';
  return problem(kind, detail, { status });
}

const STATUS_KIND: Record<number, ProblemKind> = {
  400: 'malformed-json',
  401: 'invalid-token',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'invalid-body',
};
