// The parameters of the account package list (SPEC §5.2), parsed and checked before any I/O.
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { parseFilter, type FilterTerm } from './astra-filter.js';
import { parseInclude, parseOrderBy, type OrderBy } from './astra-order-include.js';
import { assertKnownParams, booleanParam, integerParam, single, type RawQuery } from './query-params.js';

export const MAX_LIMIT = 1000;
export const LIST_PARAMS = ['filter', 'orderBy', 'include', 'limit', 'skip', 'continue', 'count'] as const;

export type ListRequest = {
  terms: FilterTerm[];
  order: OrderBy;
  include: string[] | undefined;
  limit: number;
  skip: number;
  /** The raw `continue` token; decoded against the scope by the query. */
  continueToken: string | undefined;
  count: boolean;
};

/** Unknown parameter → problem 6; malformed → problem 5 naming it. */
export function parseListRequest(query: RawQuery): ListRequest {
  assertKnownParams(query, LIST_PARAMS);
  const filter = single(query, 'filter');
  const request: ListRequest = {
    terms: filter === undefined ? [] : parseFilter(filter),
    order: parseOrderBy(single(query, 'orderBy')),
    include: parseInclude(single(query, 'include')),
    limit: integerParam(query, 'limit', { min: 1, max: MAX_LIMIT, default: MAX_LIMIT }),
    skip: integerParam(query, 'skip', { min: 0, default: 0 }),
    continueToken: single(query, 'continue'),
    count: booleanParam(query, 'count'),
  };
  // The token already holds the position; a skip sent again with it would skip twice.
  if (request.continueToken !== undefined && request.skip > 0) {
    throw new BadRequestError('query.skip', 'cannot be combined with continue (the token already holds the position)', String(request.skip));
  }
  return request;
}

/** What a `continue` token depends on: the account, the filters and the order. */
export const listScope = (accountId: string, request: ListRequest): string =>
  JSON.stringify([accountId, request.terms, request.order ?? null]);
