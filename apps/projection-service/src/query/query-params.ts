import type { FastifyRequest } from 'fastify';
import { BadRequestError, UnknownQueryParameterError } from '../../../../libs/http/src/errors/http.errors.js';

/** The query string as Fastify parses it: a repeated key becomes an array. */
export type RawQuery = Record<string, string | string[] | undefined>;

export const rawQuery = (request: FastifyRequest): RawQuery => (request.query ?? {}) as RawQuery;

/** Any parameter the route does not know is a client mistake (catalog 400 `query.<name>`, accounts problem 6). */
export function assertKnownParams(query: RawQuery, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new UnknownQueryParameterError(unknown.sort());
}

/** A parameter that may appear at most once. */
export function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new BadRequestError(`query.${name}`, 'must be given at most once', value);
  return value;
}

/** A parameter that may repeat (`filter=a&filter=b`). */
export function repeated(query: RawQuery, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export type IntegerRange = { min: number; max?: number; default: number };

/** A decimal integer in range; absent → the default. */
export function integerParam(query: RawQuery, name: string, range: IntegerRange): number {
  const text = single(query, name);
  if (text === undefined) return range.default;
  const value = /^(0|[1-9][0-9]{0,15})$/.test(text) ? Number(text) : Number.NaN;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < range.min || value > max) {
    const bound = range.max === undefined ? `at least ${range.min}` : `from ${range.min} to ${range.max}`;
    throw new BadRequestError(`query.${name}`, `must be an integer ${bound}`, text);
  }
  return value;
}

/** `true` or `false`; absent → false. */
export function booleanParam(query: RawQuery, name: string): boolean {
  const text = single(query, name);
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw new BadRequestError(`query.${name}`, 'must be true or false', text);
}
