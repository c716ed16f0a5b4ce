import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../../libs/http/src/logging/logger.js';
import { CORRELATION_HEADER, correlationIdFrom } from '../../../libs/http/src/correlation/correlation.js';
import type { Upstream } from './routing.js';

/**
 * Gives the request a correlation id (the client's `X-Correlation-ID` or `traceparent` trace id, else
 * a new one), passes it on to the service and back to the client, and writes one log line when the
 * answer is finished, as the services do (libs/http request hooks): same message, same fields, plus
 * where the gateway sent it. 503 is a warning (an upstream away), other 5xx errors.
 */
export function logRequest(req: IncomingMessage, res: ServerResponse, logger: Logger, upstream: Upstream): void {
  const started = performance.now();
  const correlationId = correlationIdFrom(req.headers);
  req.headers[CORRELATION_HEADER] = correlationId;
  res.setHeader('X-Correlation-ID', correlationId);
  res.once('close', () => {
    const status = res.statusCode;
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : 'info';
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const aborted = !res.writableFinished;
    logger[level]({ correlationId, method: req.method, url: req.url, upstream, status, ms, ...(aborted && { aborted }) }, 'request');
  });
}
