/**
 * Errors of the HTTP edge that are not domain errors. Each family's exception filter renders them
 * (see `problem.ts` for the status and Astra problem number of each). The write core's own errors
 * (stale If-Match, idempotency key conflicts) live with the domain's typed errors.
 */

/** A malformed query parameter or header. 400, problem 5. `location` like `query.page_size`, `header.if-match`. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  constructor(
    readonly location: string,
    message: string,
    readonly value?: unknown,
  ) {
    super(message);
  }
}

/** Query parameters the route does not know. 400, problem 6. */
export class UnknownQueryParameterError extends Error {
  override readonly name = 'UnknownQueryParameterError';
  constructor(readonly names: readonly string[]) {
    super(`Query parameters not supported: ${names.join(', ')}.`);
  }
}

/** A dependency is not answering or a wait timed out. 503 + `Retry-After`, problem 41. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(
    readonly retryAfterSeconds: number,
    detail = 'The service is temporarily unavailable; retry later.',
  ) {
    super(detail);
  }
}

/** The body is not valid JSON. 400, problem 7. */
export class MalformedJsonError extends Error {
  override readonly name = 'MalformedJsonError';
}

/** Valid JSON that is not an object. Catalog 422, accounts 400 problem 8. */
export class NonObjectBodyError extends Error {
  override readonly name = 'NonObjectBodyError';
  constructor(readonly found: string) {
    super(`The request body must be a JSON object, got ${found}.`);
  }
}

/** A body in a content type the service does not read. 415, problem 32. */
export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(readonly contentType: string | undefined) {
    super(
      contentType
        ? `Content type "${contentType}" is not supported; send application/json.`
        : 'A request body needs a Content-Type; send application/json.',
    );
  }
}

/** A known path asked with a method it does not serve. 405 + `Allow`, problem 69. */
export class MethodNotAllowedError extends Error {
  override readonly name = 'MethodNotAllowedError';
  constructor(
    readonly method: string,
    readonly allowed: readonly string[],
  ) {
    super(`Method ${method} is not supported here; allowed: ${allowed.join(', ')}.`);
  }
}

/** No route matches the path. 404, problem 2. */
export class RouteNotFoundError extends Error {
  override readonly name = 'RouteNotFoundError';
  constructor(path: string) {
    super(`No resource lives at ${path}.`);
  }
}
