import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ASTRA_PROBLEMS } from '../../libs/http/src/errors/accounts-problem.renderer.js';
import type { Role } from '../../libs/http/src/auth/principal.js';
import type { Operation } from '../support/astra-vendor-document.js';
import { call, waitFor, type Answer } from './command-service.harness.js';
import { startSystem, type LogLine, type RunningProcess, type System } from './operations.harness.js';
import { accountsCollection, accountToken } from './support/account-writes.js';
import { seedBody } from './support/astra-seed.js';
import { expectVendorConformant, type Observed } from './support/vendor-check.js';

// Every account package operation and every Astra problem number the system answers with, from the
// built services as they ship, held against NetApp's Astra Control API 24.02.0 document with a
// standard OpenAPI response validator (test/support/astra-vendor-document.ts). The last test fails
// when an operation or a problem number was not exercised, so the coverage cannot shrink unseen.

const ACTOR = randomUUID();
const ACCOUNT = randomUUID();
const OTHER_ACCOUNT = randomUUID();
const COLLECTION = accountsCollection(ACCOUNT);
const OTHER_SECRET = 'another-secret-that-is-at-least-32-bytes';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let system: System;
const observed: Observed[] = [];

beforeAll(async () => {
  // A short consistency wait, so the problem-41 case answers within a second.
  system = await startSystem({ query: { CONSISTENCY_WAIT_MS: '1000' } });
});
afterAll(() => system?.close());

type Auth = Role | 'none' | 'forged' | 'other-account';
type Request = { auth?: Auth; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> };

const bearer = (auth: Auth): Promise<string | undefined> => {
  if (auth === 'none') return Promise.resolve(undefined);
  if (auth === 'forged') return accountToken(ACTOR, 'owner', [ACCOUNT], OTHER_SECRET);
  if (auth === 'other-account') return accountToken(ACTOR, 'owner', [OTHER_ACCOUNT]);
  return accountToken(ACTOR, auth, [ACCOUNT]);
};

/** One request to the service that serves it; the answer must hold against the document, and is counted. */
async function send(method: string, url: string, request: Request = {}): Promise<Answer> {
  const base = method === 'GET' || method === 'HEAD' ? system.query.baseUrl : system.command.baseUrl;
  const token = await bearer(request.auth ?? 'member');
  const answer = await call(base, method, url, {
    ...(token && { token }),
    ...(request.body !== undefined && { body: request.body }),
    ...(request.raw !== undefined && { raw: request.raw }),
    ...(request.contentType && { contentType: request.contentType }),
    ...(request.headers && { headers: request.headers }),
  });
  observed.push(expectVendorConformant({ method, url, accept: request.headers?.['accept'], ...answer }));
  return answer;
}

const after = (answer: Answer): Record<string, string> => ({ 'x-consistency-token': answer.headers.get('x-consistency-token') ?? '' });
const problemOf = (answer: Answer): number => Number(String((answer.body as { type?: string }).type).split('/').pop());

async function create(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<[Record<string, unknown> & { id: string }, Answer]> {
  const answer = await send('POST', COLLECTION, { body: seedBody(overrides), headers });
  expect(answer.status).toBe(201);
  return [answer.body as Record<string, unknown> & { id: string }, answer];
}

describe('successful answers', () => {
  it('POST answers 201 in application/astra-package+json for Accept */*, application/json when preferred', async () => {
    const [, vendorName] = await create({ packageName: 'acc', packageVersion: '22.09.1' }, { accept: '*/*' });
    expect(vendorName.headers.get('content-type')).toMatch(/^application\/astra-package\+json/);
    const [, anyName] = await create({ packageName: 'storage-bundle' }, { accept: 'application/json' });
    expect(anyName.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('GET of a package, the list (envelope, count, padded continue tokens, include) and the history', async () => {
    const [resource, created] = await create({ packageName: 'trident', packageVersion: 'v21.01.1', packageType: 'install' });
    const one = await send('GET', `${COLLECTION}/${resource.id}`, { auth: 'viewer', headers: { ...after(created), accept: '*/*' } });
    expect([one.status, one.headers.get('content-type')]).toEqual([200, 'application/astra-package+json; charset=utf-8']);
    const asJson = await send('GET', `${COLLECTION}/${resource.id}`, { headers: { accept: 'application/json' } });
    expect(asJson.headers.get('content-type')).toBe('application/json; charset=utf-8');

    const first = await send('GET', `${COLLECTION}?limit=1&count=true`, { headers: { ...after(created), accept: '*/*' } });
    const page = first.body as { type: string; version: string; items: unknown[]; metadata: { continue: string; count: number } };
    expect([first.headers.get('content-type'), page.type, page.version, page.items.length, page.metadata.count]).toEqual([
      'application/json; charset=utf-8', 'application/astra-packages', '1.0', 1, 3,
    ]);
    const second = await send('GET', `${COLLECTION}?limit=1&count=true&continue=${encodeURIComponent(page.metadata.continue)}`);
    // As a client that does not percent-encode the token sends it: `+` arrives as a space.
    const third = await send('GET', `${COLLECTION}?limit=1&continue=${(second.body as typeof page).metadata.continue}`);
    expect([second.status, third.status, (third.body as typeof page).items.length]).toEqual([200, 200, 1]);
    const included = await send('GET', `${COLLECTION}?include=id,packageName,packageVersion&orderBy=packageName%20desc`, { headers: { accept: 'application/astra-package+json' } });
    expect([included.headers.get('content-type'), (included.body as typeof page).items[0]]).toEqual([
      'application/astra-package+json; charset=utf-8', [resource.id, 'trident', 'v21.01.1'],
    ]);
    const history = await send('GET', `${COLLECTION}/${resource.id}/history?limit=1`, { headers: after(created) });
    const next = (history.body as typeof page).metadata.continue;
    expect((await send('GET', `${COLLECTION}/${resource.id}/history?continue=${encodeURIComponent(next)}`)).status).toBe(200);
  });

  it('PUT 204, HEAD, 304 and DELETE 204', async () => {
    // A state verification never leaves: the ETag stays put between the requests.
    const [resource] = await create();
    const put = await send('PUT', `${COLLECTION}/${resource.id}`, { body: { ...resource, packageState: 'corrupt' } });
    const head = await send('HEAD', `${COLLECTION}/${resource.id}`, { headers: after(put) });
    const cached = await send('GET', `${COLLECTION}/${resource.id}`, { headers: { 'if-none-match': put.headers.get('etag') ?? '' } });
    const deleted = await send('DELETE', `${COLLECTION}/${resource.id}`);
    expect([put.status, head.status, cached.status, deleted.status]).toEqual([204, 200, 304, 204]);
  });
});

describe('problems, each in the form NetApp documents', () => {
  let resource: Record<string, unknown> & { id: string };
  let staleETag: string;
  beforeAll(async () => {
    const [created, answer] = await create();
    staleETag = answer.headers.get('etag') ?? '';
    resource = { ...created, packageState: 'corrupt' };
    expect((await send('PUT', `${COLLECTION}/${created.id}`, { body: resource })).status).toBe(204);
  });

  const item = (): string => `${COLLECTION}/${resource.id}`;
  const oversized = (): string => JSON.stringify({ packageName: 'x'.repeat(800_000) });
  type Case = [name: string, problem: number, method: string, url: () => string, request: () => Request];
  const auth = (target: string, method: string, url: () => string, body?: () => unknown): Case[] => [
    [`${target} without a token`, 3, method, url, () => ({ auth: 'none', ...(body && { body: body() }) })],
    [`${target} with a forged token`, 4, method, url, () => ({ auth: 'forged', ...(body && { body: body() }) })],
    [`${target} with a token for another account`, method === 'DELETE' ? 1 : 2, method, url, () => ({ auth: 'other-account', ...(body && { body: body() }) })],
  ];
  const cases: Case[] = [
    ...auth('POST', 'POST', () => COLLECTION, () => seedBody()),
    ['POST as a viewer', 11, 'POST', () => COLLECTION, () => ({ auth: 'viewer', body: seedBody() })],
    ['POST text/plain', 32, 'POST', () => COLLECTION, () => ({ raw: 'hello', contentType: 'text/plain' })],
    ['POST malformed astra-package+json', 7, 'POST', () => COLLECTION, () => ({ raw: '{"type": ', contentType: 'application/astra-package+json' })],
    ['POST an unknown field', 8, 'POST', () => COLLECTION, () => ({ body: seedBody({ colour: 'red' }) })],
    ['POST a bad digest', 9, 'POST', () => COLLECTION, () => ({ body: seedBody({ images: [{ imagePath: '/a', imageName: 'b', imageTag: 'c', imageDigest: 'sha256:AB' }] }) })],
    ['POST a taken tuple', 10, 'POST', () => COLLECTION, () => ({ body: { ...seedBody(), packageName: resource['packageName'] } })],
    ['POST a malformed If-Match', 5, 'POST', () => COLLECTION, () => ({ body: seedBody(), headers: { 'if-match': 'seven' } })],
    ['POST over the body limit', 85, 'POST', () => COLLECTION, () => ({ raw: oversized() })],
    ...auth('GET the list', 'GET', () => COLLECTION),
    ['GET the list with limit=0', 5, 'GET', () => `${COLLECTION}?limit=0`, () => ({})],
    ["GET the list with filter op 'like'", 5, 'GET', () => `${COLLECTION}?filter=${encodeURIComponent("packageName like 'a'")}`, () => ({})],
    ['GET the list with page_size', 6, 'GET', () => `${COLLECTION}?page_size=10`, () => ({})],
    ['GET the list with a forged continue', 5, 'GET', () => `${COLLECTION}?continue=eyJrIjoxfQ==`, () => ({})],
    ['GET an unknown route', 2, 'GET', () => `/accounts/${ACCOUNT}/core/v1/nothing`, () => ({})],
    ...auth('GET a package', 'GET', item),
    ['GET a missing package', 2, 'GET', () => `${COLLECTION}/${randomUUID()}`, () => ({})],
    ['GET a package with a parameter', 6, 'GET', () => `${item()}?fields=id`, () => ({})],
    ['GET a malformed consistency token', 5, 'GET', item, () => ({ headers: { 'x-consistency-token': 'abc' } })],
    ...auth('DELETE', 'DELETE', item),
    ['DELETE as a viewer', 11, 'DELETE', item, () => ({ auth: 'viewer' })],
    ['DELETE a missing package', 1, 'DELETE', () => `${COLLECTION}/${randomUUID()}`, () => ({})],
    ['DELETE a malformed package id', 1, 'DELETE', () => `${COLLECTION}/NOT-A-UUID`, () => ({})],
    ['DELETE a malformed If-Match', 5, 'DELETE', item, () => ({ headers: { 'if-match': '42' } })],
    ['DELETE a stale If-Match', 38, 'DELETE', item, () => ({ headers: { 'if-match': staleETag } })],
    ...auth('PUT', 'PUT', item, () => resource),
    ['PUT as a viewer', 11, 'PUT', item, () => ({ auth: 'viewer', body: resource })],
    ['PUT text/plain', 32, 'PUT', item, () => ({ raw: 'hello', contentType: 'text/plain' })],
    ['PUT malformed JSON', 7, 'PUT', item, () => ({ raw: '{' })],
    ['PUT without packageState', 8, 'PUT', item, () => ({ body: { ...resource, packageState: undefined } })],
    ['PUT a title over 40', 9, 'PUT', item, () => ({ body: { ...resource, packageStateDetails: [{ type: 't', title: 'x'.repeat(41), detail: 'd' }] } })],
    ['PUT a renamed package', 10, 'PUT', item, () => ({ body: { ...resource, packageName: 'renamed' } })],
    ['PUT a missing package', 1, 'PUT', () => `${COLLECTION}/${randomUUID()}`, () => ({ body: { ...resource, id: undefined } })],
    ['PUT a stale If-Match', 38, 'PUT', item, () => ({ body: resource, headers: { 'if-match': staleETag } })],
    ['PUT over the body limit', 85, 'PUT', item, () => ({ raw: oversized() })],
    ['PATCH a package', 69, 'PATCH', item, () => ({ body: {} })],
    ...auth('GET the history', 'GET', () => `${item()}/history`),
    ['GET the history with limit=0', 5, 'GET', () => `${item()}/history?limit=0`, () => ({})],
    ['GET the history with a parameter', 6, 'GET', () => `${item()}/history?orderBy=id`, () => ({})],
  ];

  it.each(cases)('%s → problem %i', async (_name, problem, method, url, request) => {
    const answer = await send(method, url(), request());
    expect([problemOf(answer), answer.headers.get('content-type')]).toEqual([problem, 'application/problem+json; charset=utf-8']);
  });

  it('problem 8 describes the failure in schemaValidationFailure, problems 5 and 10 in invalidParams and invalidFields', async () => {
    const shape = await send('POST', COLLECTION, { body: seedBody({ colour: 'red', packageVersion: 5 }) });
    expect((shape.body as { schemaValidationFailure: string }).schemaValidationFailure).toBe('colour: is not a known field; packageVersion: must be a string');
    const param = await send('GET', `${COLLECTION}?limit=5000`);
    expect((param.body as { invalidParams: unknown }).invalidParams).toEqual([{ name: 'limit', reason: 'must be an integer from 1 to 1000' }]);
    const renamed = await send('PUT', item(), { body: { ...resource, packageName: 'renamed' } });
    expect((renamed.body as { invalidFields: unknown }).invalidFields).toEqual([
      { name: 'packageName', reason: 'cannot be changed: only packageState, packageStateDetails and metadata.labels can' },
    ]);
  });
});

/** The service's "problem answered" line for `correlationId` (the line may follow the answer by a moment). */
async function logLine(service: RunningProcess, correlationId: string): Promise<LogLine> {
  const find = () => service.logLines().find((line) => line.correlationId === correlationId && line.msg === 'problem answered');
  await waitFor(async () => find() !== undefined, 5_000, () => service.stdout().slice(-2_000));
  return find() as LogLine;
}

describe('correlation ids', () => {
  it('echoes a UUID in correlationID; another id only in X-Correlation-ID and the log, with what went wrong', async () => {
    const given = randomUUID();
    const uuid = await send('GET', `${COLLECTION}/${randomUUID()}`, { headers: { 'x-correlation-id': given } });
    expect([(uuid.body as { correlationID?: string }).correlationID, uuid.headers.get('x-correlation-id')]).toEqual([given, given]);
    const fresh = await send('GET', `${COLLECTION}/${randomUUID()}`);
    const id = fresh.headers.get('x-correlation-id');
    expect([(fresh.body as { correlationID?: string }).correlationID, id]).toEqual([id, expect.stringMatching(UUID_V4)]);

    const label = `client-${randomUUID().slice(0, 8)}`;
    const other = await send('GET', `${COLLECTION}?filter=${encodeURIComponent("packageName like 'a'")}`, { headers: { 'x-correlation-id': label } });
    expect(other.body).not.toHaveProperty('correlationID');
    expect(other.headers.get('x-correlation-id')).toBe(label);
    const logged = await logLine(system.query, label);
    expect(logged).toMatchObject({ problem: 'https://astra.netapp.io/problems/5', fields: [{ location: 'query.filter', message: 'unknown operator "like"; operators: eq, lt, gt, lte, gte' }] });

    const traced = await send('POST', COLLECTION, {
      raw: '{"type": ',
      contentType: 'application/astra-package+json',
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect([problemOf(traced), traced.body]).toEqual([7, expect.not.objectContaining({ correlationID: expect.anything() })]);
    const parse = await logLine(system.command, '4bf92f3577b34da6a3ce929d0e0e4736');
    // Where the parser stopped; nothing claims the body was application/json.
    expect(parse['detail']).toBe('The request body is not valid JSON: it ends before the value is complete');
  });
});

describe('when the read model fails', () => {
  it('answers 503 problem 41 while the projector cannot catch up, and 500 problem 34 without internals', async () => {
    const db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
    try {
      await db.query('ALTER TABLE account_packages RENAME TO account_packages_away');
      const [resource, created] = await create();
      const waited = await send('GET', `${COLLECTION}/${resource.id}`, { headers: after(created) });
      expect([waited.status, problemOf(waited), waited.headers.get('retry-after')]).toEqual([503, 41, expect.any(String)]);
      const failed = await send('GET', COLLECTION);
      expect([failed.status, problemOf(failed)]).toEqual([500, 34]);
      expect(JSON.stringify(failed.body)).not.toMatch(/account_packages|does not exist|postgres/i);
    } finally {
      await db.query('ALTER TABLE account_packages_away RENAME TO account_packages').catch(() => undefined);
      await db.end();
    }
  });
});

describe('coverage', () => {
  const OPERATIONS: Operation[] = ['POST collection', 'GET collection', 'GET item', 'DELETE item', 'PUT item', 'GET history'];

  it('exercised every operation and every problem number the system answers with', () => {
    const operations = new Set(observed.map((o) => o.operation));
    expect(OPERATIONS.filter((operation) => !operations.has(operation))).toEqual([]);
    const problems = new Set(observed.map((o) => o.problem));
    expect(Object.keys(ASTRA_PROBLEMS).map(Number).filter((n) => !problems.has(n))).toEqual([]);
    const successes = new Set(observed.filter((o) => o.status < 400 && o.operation !== 'other').map((o) => `${o.operation} ${o.status}`));
    expect([...successes].sort()).toEqual(
      ['DELETE item 204', 'GET collection 200', 'GET history 200', 'GET item 200', 'GET item 304', 'POST collection 201', 'PUT item 204'].sort(),
    );
  });
});
