import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

type CorrelationStore = { correlationId: string };
const storage = new AsyncLocalStorage<CorrelationStore>();

/** Ids we accept from clients: short and log-safe, so a header cannot forge log lines. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
/** W3C trace context: version-traceid-parentid-flags; an all-zero trace id is invalid. */
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** `X-Correlation-ID` when usable, else the trace id of `traceparent`, else a new UUID. */
export function correlationIdFrom(headers: IncomingHttpHeaders): string {
  const given = first(headers[CORRELATION_HEADER]);
  if (given !== undefined && ACCEPTABLE_ID.test(given)) return given;
  const trace = TRACEPARENT.exec(first(headers['traceparent'])?.trim().toLowerCase() ?? '')?.[1];
  if (trace !== undefined && !/^0+$/.test(trace)) return trace;
  return randomUUID();
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Runs `fn` with `correlationId` visible to `currentCorrelationId()` in everything it calls. */
export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/** The correlation id of the request being handled (undefined outside a request or consumer). */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Route parameter decorator: the request's correlation id (Fastify's `request.id`). */
export const CorrelationId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<{ id: string }>().id,
);
