// Request headers: the ones the services read (If-Match, Idempotency-Key, X-Consistency-Token,
// Accept, Content-Type, Authorization, correlation, forwarding), with hostile and huge values.
import fc from 'fast-check';
import { hostileString, numberText } from './values.js';

export const MALFORMED_IF_MATCH = ['3', '"abc"', '"3', '"3",', '', ' ', '*, "3"', 'W/3', '"-1"', '"1.5"', '"1e3"', `"${'9'.repeat(20)}"`, '""', 'W/""', ',', '"3" "4"', '*,*'] as const;
export const MALFORMED_IDEMPOTENCY_KEY = ['', ' ', 'a b', 'x'.repeat(256), 'key/slash', 'key?', 'caf\u00e9', 'a\tb', '"quoted"', 'k,k', '{}', 'a;b'] as const;

export const validIdempotencyKey = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);

const consistencyToken = fc.oneof(
  fc.constantFrom('1', '2', '0', '-1', '01', ' 3', '1.0', '1e3', '0x10', '99999999999', '9007199254740993', '99999999999999999999', 'abc', '', '1,2'),
  numberText,
  hostileString,
);

const accept = fc.oneof(
  fc.constantFrom('application/astra-package+json', 'application/json', '*/*', 'text/html', 'application/xml', 'application/astra-package+json;q=0',
    'application/astra-package+json;q=abc', 'application/problem+json', '', ',,,', ';;;', 'application/*', '*/*;q=0', 'application/astra-package+json, text/html;q=0.1'),
  hostileString,
);

/** Headers a read or write may carry besides the ones its case is about; each present or not. */
export const noiseHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      accept,
      'x-consistency-token': consistencyToken,
      'x-correlation-id': hostileString,
      traceparent: fc.oneof(hostileString, fc.constantFrom(`00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`, `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`)),
      'x-forwarded-host': fc.oneof(hostileString, fc.constantFrom('evil.example/path', 'a:99999', '[::1]:1', 'host\\x')),
      'x-forwarded-proto': fc.oneof(hostileString, fc.constantFrom('javascript', 'https', 'HTTP', 'ftp')),
      'if-none-match': fc.oneof(hostileString, fc.constantFrom('*', '"1"', 'W/"2"', '"1", "2"')),
      'idempotency-key': validIdempotencyKey,
      'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0', 'x'),
      'x-hostile': hostileString,
    },
    { requiredKeys: [] },
  )
  .chain((headers) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constant(headers) },
      // Past Node's 16 KiB header limit: the server answers before any route runs.
      { weight: 1, arbitrary: fc.integer({ min: 4_000, max: 40_000 }).map((n) => ({ ...headers, 'x-huge': 'h'.repeat(n) })) },
    ),
  );

/** Authorization values no service may accept, beyond the token kinds of tokens.ts. */
export function garbageAuthorization(validToken: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearer a.b.c', 'Bearer ..', 'Bearer e30.e30.', 'Bearer eyJhbGciOiJIUzI1NiJ9',
      `${validToken} extra`, `${validToken}, Bearer x`, `Bearer ${validToken.slice(7, -2)}`, `Bearer ${validToken.slice(7)}x`, `Bearer ${'a'.repeat(20_000)}`),
    hostileString.map((s) => `Bearer ${s}`).filter((s) => s.trim() !== validToken),
    hostileString.filter((s) => !s.trimStart().toLowerCase().startsWith('bearer')),
  );
}
