/** Header names the services read or write (lower case, as Node exposes incoming headers). */
export const HEADERS = {
  consistencyToken: 'x-consistency-token',
  idempotencyKey: 'idempotency-key',
  correlationId: 'x-correlation-id',
  ifMatch: 'if-match',
  ifNoneMatch: 'if-none-match',
  etag: 'etag',
  location: 'location',
  retryAfter: 'retry-after',
} as const;

/** Headers a browser may read from a cross-origin response. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'X-Consistency-Token', 'X-Correlation-ID', 'Retry-After'];

/** Incoming headers as Node and Fastify expose them. */
export type Headers = Record<string, string | string[] | undefined>;

export function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
