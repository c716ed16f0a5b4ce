import type { FastifyRequest } from 'fastify';
import { HEADERS } from '../../../../libs/http/src/headers/header-names.js';
import type { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { parseConsistencyToken } from '../projector/consistency.errors.js';

/**
 * Read-your-writes: with `X-Consistency-Token`, waits until every read model has applied the stream
 * up to it. Malformed or beyond the stream's end → 400 at once; not reached in time → 503.
 */
export async function awaitConsistency(waiter: ConsistencyWaiter, request: FastifyRequest): Promise<void> {
  const position = parseConsistencyToken(request.headers[HEADERS.consistencyToken]);
  if (position !== undefined) await waiter.waitFor(position);
}
