import type { FastifyReply } from 'fastify';
import { formatETag } from '../../../libs/http/src/headers/etag.js';

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

export const noContent = (at: WritePosition): StoredResponse => ({ status: 204, headers: tracking(at) });

/** Writes a command's response (fresh or replayed); `contentType` is the route's body type. */
export function sendResponse(reply: FastifyReply, response: StoredResponse, contentType = 'application/json'): void {
  void reply.status(response.status).headers(response.headers);
  if (response.body === undefined) void reply.send();
  else void reply.type(response.contentType ?? contentType).send(response.body);
}
