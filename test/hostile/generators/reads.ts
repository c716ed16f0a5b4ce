// Hostile reads: every route of the query service with planted, missing and malformed ids,
// malformed and forged query parameters (page tokens re-signed by nobody), tokens of every kind.
import fc from 'fast-check';
import type { HostileRequest } from '../support/client.js';
import { noiseHeaders } from './headers.js';
import { queryPairs, queryString } from './urls.js';
import { hostileString } from './values.js';

export type ReadRoute = {
  endpoint: string;
  path: fc.Arbitrary<string>;
  params: Record<string, readonly string[]>;
  /** Real page tokens of this route with the query that produced them, to forge positions from. */
  pageTokens?: readonly { query: string; param: string; token: string }[];
};

/** A real page token with its position replaced: strings and safe integers only, as a decoder accepts. */
export function forgedToken(token: string): fc.Arbitrary<string> {
  const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
  const item = fc.oneof(hostileString, fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, -1));
  return fc.array(item, { maxLength: 6 }).map((p) => Buffer.from(JSON.stringify({ ...body, p }), 'utf8').toString('base64url'));
}

function queryOf(route: ReadRoute): fc.Arbitrary<string> {
  const plain = queryString(queryPairs(route.params));
  const tokens = route.pageTokens ?? [];
  if (tokens.length === 0) return plain;
  const forged = fc.constantFrom(...tokens).chain(({ query, param, token }) => forgedToken(token).map((t) => `?${query}&${param}=${t}`));
  const replayed = fc.constantFrom(...tokens).map(({ query, param, token }) => `?${query}&${param}=${token}`);
  const foreign = fc.tuple(plain, fc.constantFrom(...tokens)).map(([q, { param, token }]) => `${q === '' ? '?' : `${q}&`}${param}=${token}`);
  return fc.oneof({ weight: 5, arbitrary: plain }, { weight: 3, arbitrary: forged }, { weight: 1, arbitrary: replayed }, { weight: 1, arbitrary: foreign });
}

export function hostileRead(route: ReadRoute, auth: fc.Arbitrary<string | undefined>): fc.Arbitrary<HostileRequest> {
  return fc
    .record({ path: route.path, query: queryOf(route), auth, headers: noiseHeaders, head: fc.integer({ min: 0, max: 9 }) })
    .map(({ path, query, auth: authorization, headers, head }): HostileRequest => ({
      endpoint: route.endpoint,
      service: 'query',
      method: head === 0 ? 'HEAD' : 'GET',
      path: `${path}${query}`,
      headers: { ...headers, ...(authorization !== undefined && { authorization }) },
    }));
}
