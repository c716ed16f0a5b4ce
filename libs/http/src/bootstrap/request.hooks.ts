import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { runWithCorrelationId } from '../correlation/correlation.js';
import type { Metrics } from '../metrics/metrics.js';

/**
 * Echoes the correlation id (Fastify's request id, see `genReqId`), makes it visible to
 * `currentCorrelationId()` for the rest of the request, and writes one log line and one latency
 * sample per response. Fastify keeps the async context across body parsing, so `run` in
 * `onRequest` reaches the handler.
 */
export function registerRequestHooks(fastify: FastifyInstance, logger: Logger, metrics: Metrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Correlation-ID', request.id);
    runWithCorrelationId(request.id, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    const status = reply.statusCode;
    metrics.httpRequestDuration.observe({ method: request.method, route, status: String(status) }, seconds);
    // A 503 is an answer chosen on purpose (a dependency away, a wait timed out, closing), not a fault.
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : 'info';
    logger[level](
      { correlationId: request.id, method: request.method, url: request.url, route, status, ms: Math.round(seconds * 1e4) / 10 },
      'request',
    );
    done();
  });
}
