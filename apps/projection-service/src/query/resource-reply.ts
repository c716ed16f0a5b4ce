import type { FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { formatETag, ifNoneMatchHits } from '../../../../libs/http/src/headers/etag.js';
import { HEADERS, headerValue } from '../../../../libs/http/src/headers/header-names.js';

/** A single resource: strong ETag of its aggregate version, 304 when `If-None-Match` names it. */
export function sendResource(request: FastifyRequest, reply: FastifyReply, version: number, body: unknown, contentType = 'application/json'): void {
  void reply.header('ETag', formatETag(version));
  if (ifNoneMatchHits(headerValue(request.headers, HEADERS.ifNoneMatch), version)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(200).type(contentType).send(JSON.stringify(body));
}

/** The largest page body a list answers, and the parameter that makes pages smaller. */
export type PageLimit = { bytes: number; param: string };

/**
 * A list or history page: no ETag (it is not one aggregate's version). A page over the response
 * limit (RESPONSE_LIMIT_BYTES) is refused whole with a 400 naming the size parameter, rather than
 * truncated: a page of large bundles asks for fewer items or fewer `include` paths.
 */
export function sendPage(reply: FastifyReply, body: unknown, limit: PageLimit, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  if (bytes > limit.bytes) {
    throw new BadRequestError(limit.param, `the page would be ${bytes} bytes, over the response limit of ${limit.bytes}; ask for fewer items`);
  }
  void reply.status(200).type(contentType).send(text);
}
