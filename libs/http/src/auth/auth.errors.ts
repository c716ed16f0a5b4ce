/** No `Authorization: Bearer` header. 401, problem 3. */
export class MissingTokenError extends Error {
  override readonly name = 'MissingTokenError';
  constructor() {
    super('The request is missing the required bearer token.');
  }
}

/** Malformed, wrongly signed, expired or otherwise unacceptable token. 401, problem 4. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  constructor(readonly reason: string) {
    super(`The bearer token is invalid: ${reason}.`);
  }
}

/** A valid token whose role is too low. 403, problem 11. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  constructor(detail = "The requested operation isn't permitted.") {
    super(detail);
  }
}

/**
 * An account the caller may not see, or a malformed account id. Answered exactly like a missing
 * collection (404, problem 2) so that existence never leaks.
 */
export class AccountNotFoundError extends Error {
  override readonly name = 'AccountNotFoundError';
  constructor() {
    super("The collection specified in the request URI wasn't found.");
  }
}
