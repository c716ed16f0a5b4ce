// Typed domain errors. Deciders throw these; each API family's exception filter renders them
// (catalog: Huma ErrorModel, accounts: Astra problems), so no HTTP status lives here.

/** One thing wrong with a request body; `path` is relative to the body, e.g. `aliases[2]`. */
export type FieldIssue = { path: string; message: string; value?: unknown };

export type DomainErrorKind = 'validation' | 'not_found' | 'conflict';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

const describe = (issues: readonly FieldIssue[]): string =>
  issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');

/** A value rule failed (catalog 422, accounts problem 9). Carries every issue found, not the first. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly kind = 'validation' as const;
  readonly detail: string;

  constructor(
    readonly issues: FieldIssue[],
    detail?: string,
  ) {
    const text = detail ?? `invalid request: ${describe(issues)}`;
    super(text);
    this.detail = text;
  }
}

/** The resource is missing or deleted (catalog 404, accounts problem 1). */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly kind = 'not_found' as const;

  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${id} not found`);
  }
}

/** The request is well-formed but contradicts the current state (catalog 409, accounts problem 10). */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly kind = 'conflict' as const;

  constructor(
    readonly detail: string,
    readonly issues: FieldIssue[],
  ) {
    super(issues.length > 0 ? `${detail} (${describe(issues)})` : detail);
  }
}

/**
 * Errors of the write core that are not rules of one aggregate; each family's filter renders them
 * like the domain's (catalog status, Astra problem number: see libs/http/src/errors/problem.ts).
 */

/** A stale `If-Match`: the aggregate moved past the version the client named (412, problem 38). */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
  constructor(detail = 'The resource has changed since the version given in If-Match.') {
    super(detail);
  }
}

/** An `Idempotency-Key` reused for a different request (catalog 422, accounts problem 9). */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor() {
    super('The Idempotency-Key was already used for a different request.');
  }
}

/** The first request with this `Idempotency-Key` is still running (409 + `Retry-After`, problem 10). */
export class IdempotencyKeyInFlightError extends Error {
  override readonly name = 'IdempotencyKeyInFlightError';
  constructor(readonly retryAfterSeconds: number) {
    super('A request with this Idempotency-Key is still being processed.');
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** Throws a ValidationError when `issues` is non-empty; lets callers collect first and fail once. */
export const assertValid = (issues: FieldIssue[], detail?: string): void => {
  if (issues.length > 0) throw new ValidationError(issues, detail);
};
