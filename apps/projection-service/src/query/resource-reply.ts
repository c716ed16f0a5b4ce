import type { FastifyReply, FastifyRequest } from 'fastify';
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

/** A list or history page: no ETag (it is not one aggregate's version). */
export function sendPage(reply: FastifyReply, body: unknown, contentType = 'application/json'): void {
  void reply.status(200).type(contentType).send(JSON.stringify(body));
}
