import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { call, startCommandService, streamEvents, tokenFor, type Answer, type CommandProcess } from './command-service.harness.js';

const STREAM = 'E2ECAT';
const BODY_LIMIT = 4096;
let nats: NatsServer;
let service: CommandProcess;
let admin: string;
let viewer: string;
let nc: NatsConnection;
let jsm: JetStreamManager;

const ajv = new Ajv2020({ strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(new URL(`../../schemas/http/${name}.json`, import.meta.url), 'utf8')) as object);
const validPackage = schema('Package');
const validVersionSet = schema('PackageVersionSet');
const validError = schema('ErrorModel');

beforeAll(async () => {
  nats = await startNats();
  service = await startCommandService({ NATS_URL: nats.url, EVENT_STREAM: STREAM, BODY_LIMIT_BYTES: String(BODY_LIMIT) });
  [admin, viewer] = await Promise.all([tokenFor('admin'), tokenFor('viewer')]);
  nc = await connect({ servers: nats.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc?.close();
  await service?.stop();
  await nats?.stop();
});

const send = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(service.baseUrl, method, path, { token: admin, ...options });

async function newPackage(body: object = {}): Promise<{ id: string; alias: string; answer: Answer }> {
  const alias = `pkg-${randomUUID().slice(0, 8)}`;
  const answer = await send('POST', '/packages', { body: { title: 'Argo Workflows', system: 'helm', aliases: [alias], ...body } });
  return { id: (answer.body as { id: string }).id, alias, answer };
}

describe('catalog writes: success shapes', () => {
  it('creates a Package: 201, absolute Location in the seed form, ETag, consistency token, seed schema', async () => {
    const { id, answer } = await newPackage({ description: 'd', versioning: { scheme: 'semantic', release_interval_days: 30 } });
    expect(answer.status).toBe(201);
    expect(id).toMatch(/^pkg_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answer.headers.get('location')).toBe(`${service.baseUrl}/packages/${id}/`);
    expect(answer.headers.get('etag')).toMatch(/^"\d+"$/);
    expect(answer.headers.get('x-consistency-token')).toBe(answer.headers.get('etag')?.replaceAll('"', ''));
    expect(validPackage(answer.body)).toBe(true);
    expect(answer.body).toMatchObject({
      $schema: `${service.baseUrl}/schemas/Package.json`,
      versioning: { scheme: 'semantic', release_cycle: 'none', support_model: 'none', release_interval_days: 30 },
      created_by: '7d4b1b0e-6f6e-4c52-9d55-0f6f2f1c9a10',
    });
  });

  it('takes its own GET body back on PUT: 200, nothing appended, same ETag', async () => {
    const { id, answer } = await newPackage();
    const put = await send('PUT', `/packages/${id}`, { body: answer.body });
    expect(put).toMatchObject({ status: 200, body: answer.body });
    expect(put.headers.get('etag')).toBe(answer.headers.get('etag'));
    const events = (await streamEvents(nats.url, STREAM)).filter((e) => e.subject === id);
    expect(events.map((e) => e.type)).toEqual(['catalog.PackageCreated']);
  });

  it('creates, updates and deletes VersionSets by alias; deleting the package frees its alias', async () => {
    const { id, alias } = await newPackage();
    const created = await send('POST', `/packages/${alias}/versionsets/`, { body: { version_constraint: '>=1.0 <2' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${service.baseUrl}/packages/${id}/versionsets/1/`);
    expect(validVersionSet(created.body)).toBe(true);
    const updated = await send('PUT', `/packages/${alias}/versionsets/1/`, { body: { ...(created.body as object), version_constraint: '>=1.0 <3' } });
    expect(updated).toMatchObject({ status: 200, body: { package: id, number: 1, version_constraint: '>=1.0 <3' } });
    expect(validVersionSet(updated.body)).toBe(true);
    expect((await send('DELETE', `/packages/${id}/versionsets/1`)).status).toBe(204);
    const next = await send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '>=1.0 <2' } });
    expect(next.body).toMatchObject({ number: 2 });
    const gone = await send('DELETE', `/packages/${alias}/`);
    expect(gone.status).toBe(204);
    expect(gone.body).toBeUndefined();
    expect((await newPackage({ aliases: [alias] })).answer.status).toBe(201);
    expect((await send('PUT', `/packages/${id}/`, { body: { title: 'x', system: 'helm' } })).status).toBe(404);
  });

  it('replays a retried create with the same Idempotency-Key and refuses the key for another body', async () => {
    const key = `k-${randomUUID()}`;
    const body = { title: 'Idem', system: 'kube' };
    const first = await send('POST', '/packages', { body, headers: { 'Idempotency-Key': key } });
    const again = await send('POST', '/packages', { body, headers: { 'Idempotency-Key': key } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const other = await send('POST', '/packages', { body: { ...body, title: 'Other' }, headers: { 'Idempotency-Key': key } });
    expect(other).toMatchObject({
      status: 422,
      body: {
        status: 422,
        title: 'Unprocessable Entity',
        detail: 'The Idempotency-Key was already used for a different request.',
        errors: [{ location: 'header.idempotency-key', message: 'The Idempotency-Key was already used for a different request.' }],
      },
    });
  });

  it('answers malformed ids and numbers as not found', async () => {
    const { id } = await newPackage();
    expect((await send('PUT', '/packages/pkg_123/', { body: { title: 't', system: 'helm' } })).body).toEqual({
      status: 404,
      title: 'Not Found',
      detail: 'Package pkg_123 not found',
    });
    expect((await send('DELETE', `/packages/${id}/versionsets/1.5/`)).body).toEqual({
      status: 404,
      title: 'Not Found',
      detail: `VersionSet ${id}:1.5 not found`,
    });
    expect((await send('DELETE', `/packages/${id}/versionsets/7/`)).status).toBe(404);
  });
});

describe('Idempotency-Key on refused writes: the refusal is the answer a retry replays', () => {
  const withKey = (key: string) => ({ 'Idempotency-Key': key });

  it('replays a 409 for a taken alias even after the alias was freed, appending nothing', async () => {
    const { id: holder, alias } = await newPackage();
    const key = `k-${randomUUID()}`;
    const body = { title: 'Late', system: 'helm', aliases: [alias] };
    const refused = await send('POST', '/packages', { body, headers: withKey(key) });
    expect(refused.status).toBe(409);
    expect((await send('DELETE', `/packages/${holder}/`)).status).toBe(204);
    const before = (await streamEvents(nats.url, STREAM)).length;
    const retried = await send('POST', '/packages', { body, headers: withKey(key) });
    expect([retried.status, retried.headers.get('content-type'), retried.body]).toEqual([409, refused.headers.get('content-type'), refused.body]);
    expect(validError(retried.body)).toBe(true);
    expect(await streamEvents(nats.url, STREAM)).toHaveLength(before);
    // Under a new key the same request runs again, and the freed alias is there to take.
    expect((await send('POST', '/packages', { body, headers: withKey(`k-${randomUUID()}`) })).status).toBe(201);
  });

  it('replays a 422 and keeps the key bound to the refused request', async () => {
    const key = `k-${randomUUID()}`;
    const body = { title: 'x'.repeat(201), system: 'helm' };
    const refused = await send('POST', '/packages', { body, headers: withKey(key) });
    expect(refused.status).toBe(422);
    const retried = await send('POST', '/packages', { body, headers: withKey(key) });
    expect([retried.status, retried.headers.get('content-type'), retried.body]).toEqual([422, refused.headers.get('content-type'), refused.body]);
    const corrected = await send('POST', '/packages', { body: { ...body, title: 'T' }, headers: withKey(key) });
    expect(corrected).toMatchObject({ status: 422, body: { errors: [{ location: 'header.idempotency-key' }] } });
  });
});

type Endpoint = { method: string; on: 'package' | 'version set'; path: () => string; body?: () => Record<string, unknown> };
type Case = { name: string; applies: (e: Endpoint) => boolean; request: (e: Endpoint) => Parameters<typeof call>[3]; status: number; body: unknown };

let target: { id: string; etag: string };
const endpoints: Record<string, Endpoint> = {
  'POST /packages': { method: 'POST', on: 'package', path: () => '/packages', body: () => ({ title: 'T', system: 'helm' }) },
  'PUT /packages/{package}/': { method: 'PUT', on: 'package', path: () => `/packages/${target.id}/`, body: () => ({ title: 'T', system: 'helm' }) },
  'DELETE /packages/{package}/': { method: 'DELETE', on: 'package', path: () => `/packages/${target.id}/` },
  'POST /packages/{package}/versionsets': {
    method: 'POST',
    on: 'version set',
    path: () => `/packages/${target.id}/versionsets`,
    body: () => ({ version_constraint: '>=5.0.0 <6' }),
  },
  'PUT /packages/{package}/versionsets/{number}/': {
    method: 'PUT',
    on: 'version set',
    path: () => `/packages/${target.id}/versionsets/1/`,
    body: () => ({ version_constraint: '>=1.0.0 <2' }),
  },
  'DELETE /packages/{package}/versionsets/{number}/': { method: 'DELETE', on: 'version set', path: () => `/packages/${target.id}/versionsets/1/` },
};

const hasBody = (e: Endpoint) => e.body !== undefined;
const isPackageBody = (e: Endpoint) => hasBody(e) && e.on === 'package';
const isVersionSetBody = (e: Endpoint) => hasBody(e) && e.on === 'version set';
const onExisting = (e: Endpoint) => e.on === 'version set' || e.method !== 'POST';
const invalid = (location: string, message: string, value: unknown, domain = false) => ({
  status: 422,
  title: 'Unprocessable Entity',
  detail: domain ? `invalid request: ${location}: ${message}` : `The request body is invalid: ${location}: ${message}`,
  errors: [{ location: `body.${location}`, message, value }],
});
const withBody = (e: Endpoint, extra: Record<string, unknown>) => ({ body: { ...e.body?.(), ...extra } });
const long = 'x'.repeat(201);
const longRange = `>=1.0.0 ${'<2'.repeat(600)}`;
const ifMatchRule = 'must be * or a list of entity tags like "42"';

const cases: Case[] = [
  { name: 'unknown field', applies: hasBody, request: (e) => withBody(e, { bogus: 1 }), status: 422, body: invalid('bogus', 'is not a known field', 1) },
  { name: 'wrong type (package)', applies: isPackageBody, request: (e) => withBody(e, { title: 5 }), status: 422, body: invalid('title', 'must be a string', 5) },
  {
    name: 'wrong type (version set)',
    applies: isVersionSetBody,
    request: (e) => withBody(e, { version_constraint: 5 }),
    status: 422,
    body: invalid('version_constraint', 'must be a string', 5),
  },
  {
    name: 'bad enum',
    applies: isPackageBody,
    request: (e) => withBody(e, { system: 'rpm' }),
    status: 422,
    body: invalid('system', 'must be one of helm, kustomize, kube', 'rpm'),
  },
  { name: 'too long (package)', applies: isPackageBody, request: (e) => withBody(e, { title: long }), status: 422, body: invalid('title', 'must be 1..200 characters long', long, true) },
  {
    name: 'too long (version set)',
    applies: isVersionSetBody,
    request: (e) => withBody(e, { version_constraint: longRange }),
    status: 422,
    body: invalid('version_constraint', 'must be at most 1024 characters', longRange, true),
  },
  {
    name: 'bad range (package)',
    applies: isPackageBody,
    request: (e) => withBody(e, { versioning: { release_interval_days: -1 } }),
    status: 422,
    body: invalid('versioning.release_interval_days', 'must be an integer ≥ 0', -1, true),
  },
  {
    name: 'bad range (version set)',
    applies: isVersionSetBody,
    request: (e) => withBody(e, { version_constraint: 'one to two' }),
    status: 422,
    body: invalid('version_constraint', 'is not a node-semver range (e.g. ">=1.2.1", "<2.34.50", ">=1.0 <2")', 'one to two', true),
  },
  {
    name: 'overlap',
    applies: isVersionSetBody,
    request: (e) => withBody(e, { version_constraint: '>=0.5.0' }),
    status: 409,
    body: null, // overlapBody(endpoint): it names every overlapping id
  },
  {
    name: 'stale If-Match',
    applies: onExisting,
    request: (e) => ({ ...(e.body && { body: e.body() }), headers: { 'If-Match': '"1"' } }),
    status: 412,
    body: { status: 412, title: 'Precondition Failed', detail: 'The resource has changed since the version given in If-Match.' },
  },
  {
    name: 'malformed If-Match',
    applies: onExisting,
    request: (e) => ({ ...(e.body && { body: e.body() }), headers: { 'If-Match': 'v1' } }),
    status: 400,
    body: { status: 400, title: 'Bad Request', detail: ifMatchRule, errors: [{ location: 'header.if-match', message: ifMatchRule, value: 'v1' }] },
  },
  {
    name: 'missing token',
    applies: () => true,
    request: (e) => ({ token: '', ...(e.body && { body: e.body() }) }),
    status: 401,
    body: { status: 401, title: 'Unauthorized', detail: 'The request is missing the required bearer token.' },
  },
  {
    name: 'bad token',
    applies: () => true,
    request: (e) => ({ token: 'not-a-jwt', ...(e.body && { body: e.body() }) }),
    status: 401,
    body: { status: 401, title: 'Unauthorized', detail: 'The bearer token is invalid: malformed token.' },
  },
  {
    name: 'viewer',
    applies: () => true,
    request: (e) => ({ token: viewer, ...(e.body && { body: e.body() }) }),
    status: 403,
    body: { status: 403, title: 'Forbidden', detail: 'This operation needs the role "admin" or higher; the token has "viewer".' },
  },
  {
    name: 'non-JSON',
    applies: () => true,
    request: () => ({ raw: 'title=T', contentType: 'text/plain' }),
    status: 415,
    body: { status: 415, title: 'Unsupported Media Type', detail: 'Content type "text/plain" is not supported; send application/json.' },
  },
  {
    name: 'non-object JSON',
    applies: hasBody,
    request: () => ({ raw: '[1,2]' }),
    status: 422,
    body: {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'The request body must be a JSON object, got an array.',
      errors: [{ location: 'body', message: 'must be a JSON object' }],
    },
  },
  {
    name: 'over-limit body',
    applies: () => true,
    request: () => ({ raw: JSON.stringify({ title: 'x'.repeat(BODY_LIMIT) }) }),
    status: 413,
    body: { status: 413, title: 'Payload Too Large', detail: 'Request body is too large' },
  },
];

/** '>=0.5.0' overlaps 1 ('>=1.0.0 <2') and 2 ('>=2.0.0 <3'), not 3; a PUT of 1 is not checked against itself. */
function overlapBody(endpoint: Endpoint): unknown {
  const ranges: Record<number, string> = { 1: '>=1.0.0 <2', 2: '>=2.0.0 <3' };
  const numbers = endpoint.method === 'PUT' ? [2] : [1, 2];
  const ids = numbers.map((n) => `${target.id}:${n}`);
  return {
    status: 409,
    title: 'Conflict',
    detail: `version_constraint ">=0.5.0" overlaps live version set(s) ${ids.join(', ')}`,
    errors: numbers.map((n, i) => ({ location: 'body.version_constraint', message: `overlaps ${ids[i]} ("${ranges[n]}")`, value: ids[i] })),
  };
}

async function lastSequence(packageId: string): Promise<number> {
  const msg = await jsm.direct.getMessage(STREAM, { last_by_subj: `artifacts.catalog.${packageId}` });
  return msg?.seq ?? 0;
}

describe.each(Object.entries(endpoints))('%s refuses bad input', (_name, endpoint) => {
  beforeAll(async () => {
    const { id } = await newPackage();
    await send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '>=1.0.0 <2' } });
    await send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '>=2.0.0 <3' } });
    const created = await send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '>=0.1.0 <0.2.0' } });
    target = { id, etag: created.headers.get('etag') ?? '' };
  });

  const applicable = cases.filter((c) => c.applies(endpoint));
  it.each(applicable.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const answer = await send(endpoint.method, endpoint.path(), c.request(endpoint));
    expect(answer.status).toBe(c.status);
    expect(validError(answer.body)).toBe(true);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toEqual(name === 'overlap' ? overlapBody(endpoint) : c.body);
    if (c.status === 401) expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    // Nothing was appended: the package is still at the version of its last event.
    expect(await lastSequence(target.id)).toBe(Number(target.etag.replaceAll('"', '')));
  });
});
