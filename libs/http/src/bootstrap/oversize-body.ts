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
 */
export function registerOversizeBodyLinger(fastify: FastifyInstance, bodyLimitBytes: number): void {
  const cap = bodyLimitBytes * LINGER_FACTOR;
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 413 && declaredLength(request) <= cap) reply.removeHeader('connection');
    done(null, payload);
  });
}

function declaredLength(request: FastifyRequest): number {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : Number.POSITIVE_INFINITY;
}
