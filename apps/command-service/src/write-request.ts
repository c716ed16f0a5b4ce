import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../../libs/http/src/auth/principal.js';
import { headerValue, type Headers } from '../../../libs/http/src/headers/header-names.js';
import { parseIfMatch, type IfMatch } from '../../../libs/http/src/headers/etag.js';
import type { RequestLike } from '../../../libs/http/src/headers/urls.js';
import { parseIdempotencyKey, type IdempotentRequest } from './idempotency/idempotency.js';
import type { RenderRefusal } from './write-refusal.js';

/** What every write route hands to its family's command service, whatever the family. */
export type WriteRequest = {
  actor: string;
  correlationId: string;
  method: string;
  /** The path as requested, without the query: part of the idempotency fingerprint. */
  path: string;
  body: unknown;
  idempotencyKey: string | undefined;
  ifMatch: IfMatch | undefined;
  /** For absolute URLs (`Location`, `$schema`). */
  url: RequestLike;
};

/** Reads the headers every write honours; malformed ones are 400s at `header.<name>`. */
export function writeRequest(request: FastifyRequest, principal: Principal): WriteRequest {
  const headers = request.headers as Headers;
  return {
    actor: principal.sub,
    correlationId: request.id,
    method: request.method,
    path: request.url.split('?')[0] ?? request.url,
    body: request.body,
    idempotencyKey: parseIdempotencyKey(headers['idempotency-key']),
    ifMatch: parseIfMatch(headerValue(headers, 'if-match')),
    url: { headers, protocol: request.protocol },
  };
}

/** Ids every write chooses before deciding, kept with its idempotency key: the event's msg id and its causation id. */
export type WriteIds = { eventId: string; commandId: string };

export const newWriteIds = (): WriteIds => ({ eventId: randomUUID(), commandId: randomUUID() });

/** What the idempotency wrapper needs of a write; keys are scoped to the caller. */
export const idempotentRequest = (request: WriteRequest, refusal: RenderRefusal): IdempotentRequest => ({
  scope: request.actor,
  key: request.idempotencyKey,
  method: request.method,
  path: request.path,
  body: request.body,
  refusal,
});
