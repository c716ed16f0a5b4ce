// Requests outside the route table: unknown routes, methods a path does not serve, and raw bytes
// on the socket (broken request lines, control characters in headers, conflicting lengths).
import fc from 'fast-check';
import type { HostileRequest } from '../support/client.js';
import { noiseHeaders } from './headers.js';
import { segment } from './urls.js';
import { hostileString } from './values.js';

const PATHS = ['/packages', '/packages/x', '/packages/x/versionsets', '/packages/x/versionsets/1', '/packages/x/history', '/versionsets/x:1',
  '/accounts', '/accounts/', '/accounts/x', '/accounts/00000000-0000-4000-8000-000000000000/core/v1', '/accounts/00000000-0000-4000-8000-000000000000/core/v1/packages/x/y/z',
  '/', '//packages', '/packages//x', '/PACKAGES', '/nothing', '/accounts/../packages', '/packages/%2e%2e/x', '/health/../packages', '/schemas/../../etc/passwd'];

/** A method the path does not serve, or a path no route serves; never a write a route could accept. */
export function strayRequest(auth: fc.Arbitrary<string | undefined>, service: HostileRequest['service']): fc.Arbitrary<HostileRequest> {
  const methods = service === 'command' ? ['GET', 'HEAD', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'PURGE'] : ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'GET'];
  const path = fc.oneof(
    fc.constantFrom(...PATHS),
    fc.tuple(fc.constantFrom('/packages/', '/accounts/', '/versionsets/', '/'), segment(hostileString), segment(hostileString)).map(([a, b, c]) => `${a}${b}/${c}`),
  );
  return fc.record({ method: fc.constantFrom(...methods), path, auth, headers: noiseHeaders, body: fc.option(fc.constantFrom('{}', '{"title":"x","system":"helm"}', 'x'), { nil: undefined }) })
    .map(({ method, path: p, auth: a, headers, body }): HostileRequest => ({
      endpoint: `${method} (stray route) on ${service}`,
      service,
      method,
      path: p,
      headers: { ...headers, ...(a !== undefined && { authorization: a }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && method !== 'GET' && method !== 'HEAD' && { body }),
    }));
}

/** Bytes a conforming client would never send; the server must still answer in its error format. */
export function rawRequest(token: string, service: HostileRequest['service']): fc.Arbitrary<HostileRequest> {
  const path = fc.constantFrom('/packages', '/accounts/00000000-0000-4000-8000-000000000000/core/v1/packages', '/packages/x/');
  const method = service === 'command' ? 'POST' : 'GET';
  const line = (p: string) => `${method} ${p} HTTP/1.1\r\nHost: x\r\nAuthorization: ${token}\r\nConnection: close\r\n`;
  const ctl = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\r', '\n ');
  const variants = fc.oneof(
    fc.tuple(path, ctl).map(([p, c]) => ({ p, text: `${line(p)}X-Bad: a${c}b\r\n\r\n` })),
    fc.tuple(path, ctl).map(([p, c]) => ({ p, text: `${line(p)}If-Match: "1${c}"\r\n\r\n` })),
    path.map((p) => ({ p, text: `${line(p)}Bad Header Name: x\r\n\r\n` })),
    path.map((p) => ({ p, text: `${line(p)}NoColon\r\n\r\n` })),
    path.map((p) => ({ p, text: `${method} ${p} HTTP/9.9\r\nHost: x\r\n\r\n` })),
    path.map((p) => ({ p, text: `${method}  ${p}  HTTP/1.1\r\nHost: x\r\n\r\n` })),
    path.map((p) => ({ p, text: `${method} ${p}\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n` })),
    path.map((p) => ({ p, text: `${line(p)}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}` })),
    path.map((p) => ({ p, text: `${line(p)}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}` })),
    path.map((p) => ({ p, text: `${line(p)}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}` })),
    path.map((p) => ({ p, text: `${line(p)}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n` })),
    path.map((p) => ({ p, text: `${line(p)}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n` })),
    fc.tuple(path, fc.integer({ min: 17_000, max: 70_000 })).map(([p, n]) => ({ p, text: `${line(p)}X-Long: ${'a'.repeat(n)}\r\n\r\n` })),
    fc.tuple(path, fc.integer({ min: 17_000, max: 40_000 })).map(([p, n]) => ({ p: `${p}?q=`, text: `${method} ${p}?q=${'a'.repeat(n)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n` })),
  );
  return variants.map(({ p, text }): HostileRequest => ({ endpoint: `raw bytes on ${service}`, service, method, path: p, headers: {}, raw: Buffer.from(text, 'latin1') }));
}
