import { connect } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats, { type FormatsPlugin } from 'ajv-formats';
import { loadSchemas } from '../schemas/schema-files.js';
import { EdgeTestModule } from '../testing/edge-test.module.js';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app.js';

const ACCOUNT = '0b9c1d1e-8f5a-4c0e-9a4f-1c2d3e4f5a6b';
const ACCOUNTS_PATH = `/accounts/${ACCOUNT}/core/v1/packages`;

const ajv = new Ajv2020({ strict: true, allErrors: true });
// ajv-formats is CommonJS: its default export arrives as the module object under nodenext.
const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as unknown as FormatsPlugin;
addFormats(ajv);
ajv.addFormat('int64', true);
const validateErrorModel = ajv.compile(loadSchemas().get('ErrorModel.json') as object);

let edge: EdgeTestApp;
let admin: string;

beforeAll(async () => {
  edge = await startEdgeTestApp(EdgeTestModule, { env: { BODY_LIMIT_BYTES: '2048' } });
  admin = await edge.token('admin', ['*']);
});
afterAll(() => edge.close());

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${edge.baseUrl}${path}`, {
    ...init,
    headers: { ...(init.token && { authorization: `Bearer ${init.token}` }), ...(init.headers as Record<string, string>) },
  });

async function catalogError(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(validateErrorModel(body)).toBe(true);
  expect(body['status']).toBe(status);
  return body;
}

async function accountsError(response: Response, problem: number, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `https://astra.netapp.io/problems/${problem}`, status: String(status) });
  expect(typeof body['title']).toBe('string');
  expect(body['correlationID']).toBe(response.headers.get('x-correlation-id'));
  return body;
}

/** Writes `bytes` on a fresh connection and returns everything read until the server closes it. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no close within 10 s; read so far:\n${text}`)));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

const json = (body: unknown, type = 'application/json') => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': type },
});

describe('routing', () => {
  it('answers with and without a trailing slash', async () => {
    expect((await call('/packages/a', { token: admin })).status).toBe(200);
    expect((await call('/packages/a/', { token: admin })).status).toBe(200);
    expect((await call(`${ACCOUNTS_PATH}/`, { token: admin })).status).toBe(200);
  });

  it('answers HEAD wherever GET works, without a body', async () => {
    const response = await call('/packages/a/', { method: 'HEAD', token: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"7"');
    expect(await response.text()).toBe('');
  });

  it('answers an unknown route 404 in each family', async () => {
    const catalog = await catalogError(await call('/nothing/here', { token: admin }), 404);
    expect(catalog['title']).toBe('Not Found');
    await accountsError(await call(`/accounts/${ACCOUNT}/core/v1/nothing`, { token: admin }), 2, 404);
  });

  it('answers a known path with the wrong method 405 with Allow', async () => {
    const catalog = await call('/packages/a/', { method: 'DELETE', token: admin });
    expect(catalog.headers.get('allow')).toBe('GET, HEAD, PUT');
    await catalogError(catalog, 405);
    const accounts = await call(ACCOUNTS_PATH, { method: 'PUT', token: admin });
    expect(accounts.headers.get('allow')).toBe('GET, HEAD, POST');
    await accountsError(accounts, 69, 405);
  });
});

describe('bodies', () => {
  it('refuses a body over the limit with 413', async () => {
    const big = { title: 'x'.repeat(4096) };
    await catalogError(await call('/packages', { ...json(big), token: admin }), 413);
    await accountsError(await call(ACCOUNTS_PATH, { ...json(big), token: admin }), 85, 413);
  });

  it('reads a refused over-limit body to its end and keeps the connection, so the client gets its 413', async () => {
    const { port } = new URL(edge.baseUrl);
    const body = JSON.stringify({ title: 'x'.repeat(3 * 2048) });
    const requests =
      `POST /packages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
      `GET /packages/a HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nConnection: close\r\n\r\n`;
    const answer = await rawExchange(Number(port), requests);
    expect([...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1])).toEqual(['413', '200']);
  });

  it('still cuts off a body declared far over the limit', async () => {
    const { port } = new URL(edge.baseUrl);
    const head = `POST /packages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nContent-Type: application/json\r\nContent-Length: ${100 * 2048}\r\n\r\n`;
    const answer = await rawExchange(Number(port), head);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/^connection: close\r$/im);
  });

  it('refuses a body in another content type with 415', async () => {
    await catalogError(await call('/packages', { ...json('title=x', 'text/plain'), token: admin }), 415);
    await accountsError(await call(ACCOUNTS_PATH, { ...json('<a/>', 'application/xml'), token: admin }), 32, 415);
  });

  it('reads application/json, application/astra-package+json and application/*+json', async () => {
    const echo = async (type: string) => (await call(ACCOUNTS_PATH, { ...json({ a: 1 }, type), token: admin })).json();
    expect(await echo('application/json; charset=utf-8')).toEqual({ a: 1 });
    expect(await echo('application/astra-package+json')).toEqual({ a: 1 });
    expect(await echo('application/merge-patch+json')).toEqual({ a: 1 });
  });

  it('answers malformed JSON 400 (problem 7), saying what the parser found whatever the JSON type', async () => {
    const catalog = await catalogError(await call('/packages', { ...json('{"title":', 'application/merge-patch+json'), token: admin }), 400);
    expect(catalog['detail']).toBe('The request body is not valid JSON: it ends before the value is complete');
    const quoted = await catalogError(await call('/packages', { ...json('{"a": /work/x}'), token: admin }), 400);
    // The parser's message quotes the body; the answer does not.
    expect(quoted['detail']).toMatch(/^The request body is not valid JSON: (it does not parse|unexpected text at position 6)$/);
    const accounts = await accountsError(await call(ACCOUNTS_PATH, { ...json('{"a":', 'application/astra-package+json'), token: admin }), 7, 400);
    expect(accounts['detail']).toBe('The request body is not valid JSON.');
  });

  it('answers a JSON body that is not an object 422 / problem 8', async () => {
    const catalog = await catalogError(await call('/packages', { ...json([1, 2]), token: admin }), 422);
    expect(catalog['errors']).toEqual([{ location: 'body', message: 'must be a JSON object' }]);
    const accounts = await accountsError(await call(ACCOUNTS_PATH, { ...json('"text"'), token: admin }), 8, 400);
    expect(accounts['schemaValidationFailure']).toBe('body: must be a JSON object');
  });
});

describe('errors from handlers', () => {
  it('renders schema, domain and conflict errors in the catalog model', async () => {
    const schema = await catalogError(await call('/packages', { ...json({}), token: admin }), 422);
    expect(schema['errors']).toEqual([{ location: 'body.title', message: 'is required' }]);
    const rule = await catalogError(await call('/packages', { ...json({ title: '' }), token: admin }), 422);
    expect(rule['errors']).toEqual([{ location: 'body.title', message: 'must not be empty', value: '' }]);
    const conflict = await catalogError(await call('/packages', { ...json({ title: 'taken' }), token: admin }), 409);
    expect(conflict['errors']).toEqual([{ location: 'body.aliases[0]', message: 'is taken', value: 'x' }]);
    expect(conflict['title']).toBe('Conflict');
  });

  it('answers a missing resource problem 2 on GET and problem 1 on DELETE', async () => {
    await accountsError(await call(`${ACCOUNTS_PATH}/${ACCOUNT}`, { token: admin }), 2, 404);
    await accountsError(await call(`${ACCOUNTS_PATH}/${ACCOUNT}`, { method: 'DELETE', token: admin }), 1, 404);
    await catalogError(await call('/packages/missing', { token: admin }), 404);
  });

  it('answers an unexpected error 500 without internals, and logs it', async () => {
    const response = await call('/packages/boom', { token: admin, headers: { 'x-correlation-id': 'boom-1' } });
    const body = await catalogError(response, 500);
    expect(JSON.stringify(body)).not.toMatch(/secret internals|at .*\.ts/);
    const logged = edge.logs.find((line) => line['msg'] === 'unhandled error' && line['correlationId'] === 'boom-1');
    expect(JSON.stringify(logged)).toContain('secret internals');
  });

  it('answers 503 with Retry-After', async () => {
    const response = await call('/packages/busy', { token: admin });
    expect(response.headers.get('retry-after')).toBe('3');
    await catalogError(response, 503);
  });
});

describe('headers', () => {
  it('echoes X-Correlation-ID, else the traceparent trace id, else a new UUID', async () => {
    const given = await call('/packages/a', { token: admin, headers: { 'x-correlation-id': 'abc-123' } });
    expect(given.headers.get('x-correlation-id')).toBe('abc-123');
    expect(((await given.json()) as { correlationId: string }).correlationId).toBe('abc-123');
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traced = await call('/packages/a', { token: admin, headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` } });
    expect(traced.headers.get('x-correlation-id')).toBe(trace);
    const fresh = await call('/health/live');
    expect(fresh.headers.get('x-correlation-id')).toMatch(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/);
  });

  it('keeps the correlation id through body parsing into async handler code and the request log', async () => {
    const response = await call('/packages', { ...json({ title: 't' }), token: admin, headers: { 'content-type': 'application/json', 'x-correlation-id': 'post-1' } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { correlationId: string }).correlationId).toBe('post-1');
    expect(edge.logs.some((line) => line['msg'] === 'request' && line['correlationId'] === 'post-1' && line['status'] === 201)).toBe(true);
  });

  it('builds $schema and Location from X-Forwarded-Proto/Host, else Host', async () => {
    const forwarded = await call('/packages/a', { token: admin, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'register.example.com' } });
    expect(((await forwarded.json()) as { $schema: string }).$schema).toBe('https://register.example.com/schemas/Package.json');
    const direct = await call('/packages/a', { token: admin });
    expect(((await direct.json()) as { $schema: string }).$schema).toBe(`${edge.baseUrl}/schemas/Package.json`);
  });

  it('answers If-None-Match with 304 and checks If-Match', async () => {
    expect((await call('/packages/a', { token: admin, headers: { 'if-none-match': '"7"' } })).status).toBe(304);
    const put = (ifMatch: string) => call('/packages/a/', { method: 'PUT', token: admin, headers: { 'if-match': ifMatch } });
    expect((await put('"7"')).status).toBe(200);
    expect((await put('*')).status).toBe(200);
    await catalogError(await put('"6"'), 412);
    const malformed = await catalogError(await put('seven'), 400);
    expect(malformed['errors']).toEqual([{ location: 'header.if-match', message: expect.any(String), value: 'seven' }]);
  });

  it('answers the list in application/json, or the Astra media type when Accept prefers it', async () => {
    const asked = await call(ACCOUNTS_PATH, { token: admin, headers: { accept: 'application/astra-package+json' } });
    expect(asked.headers.get('content-type')).toMatch(/^application\/astra-package\+json/);
    for (const accept of [undefined, '*/*']) {
      const plain = await call(ACCOUNTS_PATH, { token: admin, ...(accept && { headers: { accept } }) });
      expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });
});
