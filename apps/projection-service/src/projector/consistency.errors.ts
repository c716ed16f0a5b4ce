import { BadRequestError, ServiceUnavailableError } from '../../../../libs/http/src/errors/http.errors.js';

export const CONSISTENCY_TOKEN_LOCATION = 'header.x-consistency-token';

/** A token past the stream's end can never be reached: 400 at once (the families' filters render it). */
export class ConsistencyTokenBeyondStreamError extends BadRequestError {
  constructor(token: string, lastSequence: number) {
    super(CONSISTENCY_TOKEN_LOCATION, `The consistency token is beyond the end of the event stream (${lastSequence}).`, token);
  }
}

/** The projector did not reach the token within CONSISTENCY_WAIT_MS: 503 with Retry-After. */
export class ConsistencyTimeoutError extends ServiceUnavailableError {
  constructor(position: number, waitedMs: number) {
    super(1, `The read models have not reached position ${position} within ${waitedMs} ms; retry later.`);
  }
}

const TOKEN = /^[1-9][0-9]{0,15}$/;

/**
 * `X-Consistency-Token` → stream position. Absent → undefined (no wait). Opaque to clients; today
 * the decimal stream sequence. Malformed → 400.
 */
export function parseConsistencyToken(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header.trim();
  if (!TOKEN.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new BadRequestError(CONSISTENCY_TOKEN_LOCATION, 'The consistency token is malformed.', value);
  }
  return Number(value);
}
