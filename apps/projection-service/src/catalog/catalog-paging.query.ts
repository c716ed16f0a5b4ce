// Paging of the catalog's lists: `page_size`, an opaque `continuation_token`, `{data, continuation_token?}`.
import { integerParam, single, type RawQuery } from '../query/query-params.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { afterNumber, decodePageToken, encodePageToken } from '../query/paging-token.js';

export const PAGE_PARAMS = ['page_size', 'continuation_token'] as const;

export type PageRequest = { kind: string; scope: string; after: number; size: number };

/** Reads `page_size` (1..max, default 100 or less) and `continuation_token` for a list of `kind` over `scope`. */
export function pageRequest(query: RawQuery, kind: string, scope: string, max: number): PageRequest {
  const size = integerParam(query, 'page_size', { min: 1, max, default: Math.min(100, max) });
  const after = afterNumber(single(query, 'continuation_token'), kind, scope, 'query.continuation_token');
  return { kind, scope, after, size };
}

export type KeyPageRequest = { kind: string; scope: string; after: string | undefined; size: number };

/** As `pageRequest`, for lists keyed by one string (a component name, a release's version key). */
export function keyPageRequest(query: RawQuery, kind: string, scope: string, max: number): KeyPageRequest {
  const size = integerParam(query, 'page_size', { min: 1, max, default: Math.min(100, max) });
  const raw = single(query, 'continuation_token');
  if (raw === undefined) return { kind, scope, after: undefined, size };
  const [after, ...rest] = decodePageToken(raw, kind, scope, 'query.continuation_token');
  if (typeof after !== 'string' || rest.length > 0) {
    throw new BadRequestError('query.continuation_token', 'is not a token issued for this request', raw);
  }
  return { kind, scope, after, size };
}

/** The page body; the token is present only when another page follows. */
export function pageBody(
  request: Pick<PageRequest, 'kind' | 'scope'>,
  data: unknown[],
  last: number | string | undefined,
  more: boolean,
): Record<string, unknown> {
  return more && last !== undefined ? { data, continuation_token: encodePageToken(request.kind, request.scope, [last]) } : { data };
}
