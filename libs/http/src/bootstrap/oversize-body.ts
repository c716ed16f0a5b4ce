import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Bodies declared up to this many times the limit are read to their end after the 413. */
export const LINGER_FACTOR = 4;

/**
 * A body refused as too large (413) is still on its way when the answer leaves. Fastify then closes
 * the connection, and closing a socket with unread input resets it: the client, still writing, can
 * lose the 413 and see only a broken pipe. Like a web server's lingering close, a body whose
 * declared length is up to `LINGER_FACTOR` × the limit is read and discarded on a kept-alive
 * connection instead, so the client reads its answer. A larger or undeclared (chunked) body is
 * still cut off at once: reading it would cost what the limit exists to prevent.
 *
 * An `onError` hook, so only failed requests pay for it; it runs before the error filter renders
 * the 413, after Fastify's body reader has asked for `connection: close`.
 */
export function registerOversizeBodyLinger(fastify: FastifyInstance, bodyLimitBytes: number): void {
  const cap = bodyLimitBytes * LINGER_FACTOR;
  fastify.addHook('onError', (request, reply, error, done) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && declaredLength(request) <= cap) reply.removeHeader('connection');
    done();
  });
}

function declaredLength(request: FastifyRequest): number {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : Number.POSITIVE_INFINITY;
}
