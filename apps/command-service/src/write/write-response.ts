import type { FastifyReply } from 'fastify';
import { renderAccountsProblem } from '../../../../libs/http/src/errors/accounts-problem.renderer.js';
import { renderCatalogProblem } from '../../../../libs/http/src/errors/catalog-problem.renderer.js';
import { PROBLEM_CONTENT_TYPE } from '../../../../libs/http/src/errors/family-problem.renderer.js';
import { toProblem, type Problem } from '../../../../libs/http/src/errors/problem.js';
import { formatETag } from '../../../../libs/http/src/headers/etag.js';
import type { WriteRequest } from './write-request.js';

/** A write's answer, fresh or replayed: status, body and the headers a client acts on (Location, ETag, token). */
export type StoredResponse = {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  /** Set when the body's type is fixed (a problem); otherwise the route decides (`Accept`). */
  contentType?: string;
};

/** Where a write left its aggregate: the version (ETag) and the stream position (consistency token). */
export type WritePosition = { version: number; position: number };

const tracking = ({ version, position }: WritePosition): Record<string, string> => ({
  ETag: formatETag(version),
  'X-Consistency-Token': String(position),
});

export const created = (body: unknown, location: string, at: WritePosition): StoredResponse => ({
  status: 201,
  body,
  headers: { Location: location, ...tracking(at) },
});

export const ok = (body: unknown, at: WritePosition): StoredResponse => ({ status: 200, body, headers: tracking(at) });

/** 202: a request to the webhook delivery engine, recorded in the stream. */
export const accepted = (at: WritePosition): StoredResponse => ({ status: 202, headers: tracking(at) });

export const noContent = (at: WritePosition): StoredResponse => ({ status: 204, headers: tracking(at) });

/** Writes a command's response (fresh or replayed); `contentType` is the route's body type. */
export function sendResponse(reply: FastifyReply, response: StoredResponse, contentType = 'application/json'): void {
  void reply.status(response.status).headers(response.headers);
  if (response.body === undefined) void reply.send();
  else void reply.type(response.contentType ?? contentType).send(response.body);
}

/**
 * A refused write (a client error, < 500) as its family's exception filter answers it, so that an
 * idempotent retry can replay it byte for byte; undefined for anything else (5xx, unknown errors).
 */
export type RenderRefusal = (error: unknown) => StoredResponse | undefined;

type Render = (problem: Problem) => { status: number; body: unknown };

const refusal = (render: Render): RenderRefusal => (error) => {
  const problem = toProblem(error);
  if (!problem) return undefined;
  const { status, body } = render(problem);
  return status < 500 ? { status, body, headers: problem.headers, contentType: PROBLEM_CONTENT_TYPE } : undefined;
};

/** The catalog's ErrorModel. */
export const catalogRefusal = (): RenderRefusal => refusal(renderCatalogProblem);

/** Astra problems; the first request's correlation id stays in the replayed body. */
export const accountsRefusal = (request: WriteRequest): RenderRefusal =>
  refusal((problem) => renderAccountsProblem(problem, { method: request.method, correlationId: request.correlationId }));
