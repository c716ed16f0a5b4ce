// Hostile writes: every write route of the command service, each request carrying at least one
// fault that must get it refused (token, header, path or body), on top of noise that may be valid.
import fc from 'fast-check';
import type { HostileRequest } from '../support/client.js';
import { refusedBody, type Body, type BodySpec } from './bodies.js';
import { garbageAuthorization, MALFORMED_IDEMPOTENCY_KEY, MALFORMED_IF_MATCH, noiseHeaders } from './headers.js';
import { objectText } from './values.js';

export type WriteRoute = {
  endpoint: string;
  method: 'POST' | 'PUT' | 'DELETE';
  /** Paths to existing targets (or the collection) and paths that must answer 404. */
  path: fc.Arbitrary<string>;
  badPath?: fc.Arbitrary<string>;
  spec?: BodySpec;
  /** Authorization values that pass for this route, and kinds that must fail. */
  goodAuth: readonly string[];
  badAuth: readonly (string | undefined)[];
};

type Fault = 'auth' | 'header' | 'path' | 'body';

const validBody = (spec: BodySpec): fc.Arbitrary<Body> =>
  fc.constant(null).map(() => ({ text: objectText(spec.base()), contentType: 'application/json', fault: 'none' }));

function faultHeader(method: WriteRoute['method']): fc.Arbitrary<[string, string]> {
  const options: fc.Arbitrary<[string, string]>[] = [
    fc.constantFrom(...MALFORMED_IF_MATCH).map((v): [string, string] => ['if-match', v]),
    fc.constantFrom(...MALFORMED_IDEMPOTENCY_KEY).map((v): [string, string] => ['idempotency-key', v]),
  ];
  // A stale version only means something where If-Match is honoured.
  if (method !== 'POST') options.push(fc.constantFrom('"999999999"', 'W/"1"', '"0"').map((v): [string, string] => ['if-match', v]));
  return fc.oneof(...options);
}

export function hostileWrite(route: WriteRoute, service: HostileRequest['service'] = 'command'): fc.Arbitrary<HostileRequest> {
  const faults: Fault[] = ['auth', 'header', ...(route.badPath ? (['path'] as const) : []), ...(route.spec ? (['body', 'body'] as const) : [])];
  const validToken = route.goodAuth[0] ?? '';
  return fc.constantFrom(...faults).chain((fault) =>
    fc
      .record({
        path: fault === 'path' && route.badPath ? route.badPath : route.path,
        auth: fault === 'auth' ? fc.oneof(fc.constantFrom(...route.badAuth), garbageAuthorization(validToken)) : fc.constantFrom(...route.goodAuth),
        body: route.spec ? (fault === 'body' ? refusedBody(route.spec) : fc.oneof(validBody(route.spec), refusedBody(route.spec))) : fc.constant(undefined),
        header: fault === 'header' ? faultHeader(route.method).map((h) => [h]) : fc.constant([] as [string, string][]),
        noise: noiseHeaders,
      })
      .map(({ path, auth, body, header, noise }): HostileRequest => {
        const headers: Record<string, string> = { ...noise };
        // The fault's header wins over noise of the same name.
        for (const [name, value] of header) headers[name] = value;
        if (fault !== 'header') delete headers['if-match'];
        if (auth !== undefined) headers['authorization'] = auth;
        if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
        return {
          endpoint: route.endpoint,
          service,
          method: route.method,
          path,
          headers,
          ...(body?.text !== undefined && { body: body.text }),
          fault: `${fault}${body ? `/${body.fault}` : ''}`,
        };
      }),
  );
}
