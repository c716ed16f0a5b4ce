// Paging of the catalog's lists: `page_size`, an opaque `continuation_token`, `{data, continuation_token?}`.
import { integerParam, single, type RawQuery } from '../query/query-params.js';
import { afterNumber, encodePageToken } from '../query/paging-token.js';

export const PAGE_PARAMS = ['page_size', 'continuation_token'] as const;

export type PageRequest = { kind: string; scope: string; after: number; size: number };

/** Reads `page_size` (1..max, default 100 or less) and `continuation_token` for a list of `kind` over `scope`. */
export function pageRequest(query: RawQuery, kind: string, scope: string, max: number): PageRequest {
  const size = integerParam(query, 'page_size', { min: 1, max, default: Math.min(100, max) });
  const after = afterNumber(single(query, 'continuation_token'), kind, scope, 'query.continuation_token');
  return { kind, scope, after, size };
}

/** The page body; the token is present only when another page follows. */
export function pageBody(request: PageRequest, data: unknown[], last: number | undefined, more: boolean): Record<string, unknown> {
  return more && last !== undefined ? { data, continuation_token: encodePageToken(request.kind, request.scope, [last]) } : { data };
}
