import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { canonicalJson } from '../../../../libs/domain/src/field-checks.js';
import type { Principal } from '../../../../libs/http/src/auth/principal.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { headerValue, type Headers } from '../../../../libs/http/src/headers/header-names.js';
import { parseIfMatch, type IfMatch } from '../../../../libs/http/src/headers/etag.js';
import type { RequestLike } from '../../../../libs/http/src/headers/urls.js';

/** What every write route hands to its family's commands, whatever the family. */
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

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,255}$/;

/** The `Idempotency-Key` header, checked; undefined when the request has none. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new BadRequestError('header.idempotency-key', 'must be 1..255 characters of A-Z a-z 0-9 . _ : -', value);
  }
  return value;
}

/** Same method, same route (trailing slash aside) and the same body up to key order = same request. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const route = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return createHash('sha256').update(canonicalJson([method.toUpperCase(), route, body ?? null])).digest('hex');
}

/** Who writes and when: what every family's command carries besides its own fields. */
export type WriteContext = { actor: string; now: string };

/**
 * Ids every write chooses before deciding, kept with its idempotency key: the event's msg id, its
 * causation id and, for a create, the new aggregate's id.
 */
export type WriteIds = { eventId: string; commandId: string; id?: string };

export const newWriteIds = (): WriteIds => ({ eventId: randomUUID(), commandId: randomUUID() });
