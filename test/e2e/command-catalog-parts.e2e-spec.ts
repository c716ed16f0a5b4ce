import { randomUUID } from 'node:crypto';
import { tokenFor } from './command-service.harness.js';
import { startSystem, STREAM, type System } from './operations.harness.js';
import { component, etagOf, lastSequence, partsClient, validComponent, validError, validRelease } from './support/catalog-parts-client.js';

// Component and release writes (SPEC §4.4, §4.5) through the gateway, as a Chkk client makes them:
// every success body against its seed schema (additionalProperties: false), every refusal in the
// ErrorModel, with nothing appended; reads through the gateway with the write's consistency token.
const BODY_LIMIT = 4096;
let system: System;
let gateway: string;
let client: ReturnType<typeof partsClient>;
let tokens: Record<'viewer' | 'member', string>;

beforeAll(async () => {
  system = await startSystem({ gateway: true, command: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
  gateway = system.gateway?.baseUrl ?? '';
  client = partsClient(gateway, await tokenFor('admin'));
  tokens = { viewer: await tokenFor('viewer'), member: await tokenFor('member') };
}, 120_000);
afterAll(async () => system?.close());

const history = async (id: string, after: Parameters<typeof client.read>[1]) =>
  ((await client.read(`/packages/${id}/history?page_size=100`, after)).body as { data: { type: string }[] }).data.map((e) => e.type);

describe('PackageComponent writes', () => {
  it('creates by alias, reads it back, PUTs its GET body changed, unchanged (no event) and deletes it (reads 404, history stays)', async () => {
    const { id, alias } = await client.newPackage('>=1.0.0 <2.0.0');
    const name = 'ghcr.io/org/cainjector:v1';
    const path = `/packages/${id}/versionsets/1/components/${encodeURIComponent(name)}/`;
    const created = await client.send('POST', `/packages/${alias}/versionsets/1/components/`, { body: component(name, { primary: true, description: 'Injects CAs' }) });
    expect(created.status).toBe(201);
    expect(validComponent(created.body)).toBe(true);
    expect(created.headers.get('location')).toBe(`${gateway}${path}`);
    expect(created.headers.get('x-consistency-token')).toBe(String(etagOf(created)));
    expect(created.body).toEqual({
      $schema: `${gateway}/schemas/PackageComponent.json`, name, package: id, versionset_number: 1, title: `Title of ${name}`, primary: true,
      description: 'Injects CAs', created_by: expect.any(String), created_on: expect.any(String), last_modified_by: expect.any(String), last_modified_on: expect.any(String),
    });
    for (const read of [path, `/components/${alias}:1:${encodeURIComponent(name)}`]) {
      const answer = await client.read(read, created);
      expect([read, answer.status, answer.body, answer.headers.get('etag')]).toEqual([read, 200, created.body, created.headers.get('etag')]);
    }

    const { description: _gone, ...rest } = created.body as Record<string, unknown>;
    const updated = await client.send('PUT', `/packages/${alias}/versionsets/1/components/${encodeURIComponent(name)}`, {
      body: { ...rest, package: alias, title: 'CA injector' },
      headers: { 'If-Match': created.headers.get('etag') ?? '' },
    });
    expect(updated).toMatchObject({ status: 200, body: { name, package: id, title: 'CA injector', primary: true } });
    expect(validComponent(updated.body)).toBe(true);
    expect(updated.body).not.toHaveProperty('description');
    const same = await client.send('PUT', path, { body: updated.body });
    expect([same.status, same.body, same.headers.get('etag')]).toEqual([200, updated.body, updated.headers.get('etag')]);
    expect(await lastSequence(system.nats.url, STREAM, id)).toBe(etagOf(updated));

    const deleted = await client.send('DELETE', path, { headers: { 'If-Match': '*' } });
    expect([deleted.status, deleted.body]).toEqual([204, undefined]);
    expect(etagOf(deleted)).toBeGreaterThan(etagOf(updated));
    expect((await client.read(path, deleted)).status).toBe(404);
    expect((await client.read(`/packages/${id}/versionsets/1/components`, deleted)).body).toEqual({ data: [] });
    expect(await history(id, deleted)).toEqual(expect.arrayContaining(['catalog.ComponentCreated', 'catalog.ComponentUpdated', 'catalog.ComponentDeleted']));
  });

  it('replays a create under the same Idempotency-Key and refuses the key for another body', async () => {
    const { id } = await client.newPackage('>=1.0.0');
    const headers = { 'Idempotency-Key': `k-${randomUUID()}` };
    const first = await client.send('POST', `/packages/${id}/versionsets/1/components`, { body: component('controller'), headers });
    const again = await client.send('POST', `/packages/${id}/versionsets/1/components`, { body: component('controller'), headers });
    expect([again.status, again.body, again.headers.get('location')]).toEqual([201, first.body, first.headers.get('location')]);
    expect(await lastSequence(system.nats.url, STREAM, id)).toBe(etagOf(first));
    const other = await client.send('POST', `/packages/${id}/versionsets/1/components`, { body: component('webhook'), headers });
    expect(other).toMatchObject({ status: 422, body: { errors: [{ location: 'header.idempotency-key' }] } });
  });
});

describe('PackageRelease writes', () => {
  it('creates with its VersionSet resolved, finds it by precedence and by composite id, PUTs and deletes it', async () => {
    const { id, alias } = await client.newPackage('>=1.0.0 <2.0.0');
    const changes = [{ kind: 'added', description: 'Gateway API support' }];
    const created = await client.send('POST', `/packages/${alias}/releases`, { body: { version: 'v1.2.0', released_on: '2025-03-01T12:00:00Z', changes } });
    expect(created.status).toBe(201);
    expect(validRelease(created.body)).toBe(true);
    expect(created.headers.get('location')).toBe(`${gateway}/packages/${id}/releases/v1.2.0/`);
    expect(created.body).toEqual({
      $schema: `${gateway}/schemas/PackageRelease.json`, id: `${id}@v1.2.0`, package: id, version: 'v1.2.0', released_on: '2025-03-01T12:00:00Z',
      changes, versionset_number: 1, created_by: expect.any(String), created_on: expect.any(String), last_modified_by: expect.any(String), last_modified_on: expect.any(String),
    });
    for (const read of [`/packages/${id}/releases/v1.2.0/`, `/packages/${alias}/releases/1.2.0`, `/releases/${alias}@v1.2.0`, `/packages/${alias}/releases/latest`]) {
      const answer = await client.read(read, created);
      expect([read, answer.status, answer.body]).toEqual([read, 200, created.body]);
    }

    const updated = await client.send('PUT', `/packages/${alias}/releases/${alias}@v1.2.0/`, { body: { ...(created.body as object), package: alias, changes: [], versionset_number: 7 } });
    expect(updated).toMatchObject({ status: 200, body: { id: `${id}@v1.2.0`, changes: [], versionset_number: 1 } });
    expect(validRelease(updated.body)).toBe(true);
    expect((await client.read(`/releases/${id}@v1.2.0`, updated)).body).toEqual(updated.body);

    const deleted = await client.send('DELETE', `/packages/${id}/releases/1.2.0`, { headers: { 'If-Match': updated.headers.get('etag') ?? '' } });
    expect(deleted.status).toBe(204);
    for (const read of [`/releases/${id}@v1.2.0`, `/packages/${id}/releases/latest`]) expect((await client.read(read, deleted)).status).toBe(404);
    expect(await history(id, deleted)).toEqual(expect.arrayContaining(['catalog.ReleaseCreated', 'catalog.ReleaseUpdated', 'catalog.ReleaseDeleted']));
  });

  it('replays a delete under the same Idempotency-Key: 204 again, nothing appended', async () => {
    const { id } = await client.newPackage();
    await client.send('POST', `/packages/${id}/releases`, { body: { version: '3.0.0' } });
    const headers = { 'Idempotency-Key': `k-${randomUUID()}` };
    const first = await client.send('DELETE', `/packages/${id}/releases/3.0.0/`, { headers });
    const again = await client.send('DELETE', `/packages/${id}/releases/3.0.0/`, { headers });
    expect([first.status, again.status, again.headers.get('etag')]).toEqual([204, 204, first.headers.get('etag')]);
    expect(await lastSequence(system.nats.url, STREAM, id)).toBe(etagOf(first));
  });
});

type Target = { id: string; alias: string; other: string; controller: Record<string, unknown>; webhook: Record<string, unknown>; release: Record<string, unknown> };
type Endpoint = { method: 'POST' | 'PUT' | 'DELETE'; path: (t: Target) => string; body?: (t: Target) => Record<string, unknown> };
type Refusal = { status: number; errors?: { location: string; value?: unknown }[]; detail?: string };
type Request = NonNullable<Parameters<typeof client.send>[2]> & { path?: string };
type Case = [name: string, request: (t: Target, e: Endpoint) => Request, refusal: (t: Target) => Refusal];

const components = (t: Target) => `/packages/${t.alias}/versionsets/1/components`;
const releases = (t: Target) => `/packages/${t.alias}/releases`;
const ENDPOINTS: Record<string, Endpoint> = {
  'POST components': { method: 'POST', path: components, body: () => component('fresh') },
  'PUT component': { method: 'PUT', path: (t) => `${components(t)}/webhook/`, body: (t) => t.webhook },
  'DELETE component': { method: 'DELETE', path: (t) => `${components(t)}/webhook/` },
  'POST releases': { method: 'POST', path: releases, body: () => ({ version: '9.0.0' }) },
  'PUT release': { method: 'PUT', path: (t) => `${releases(t)}/1.5.0/`, body: (t) => t.release },
  'DELETE release': { method: 'DELETE', path: (t) => `${releases(t)}/1.5.0/` },
};
const body = (t: Target, e: Endpoint, extra: Record<string, unknown> = {}) => ({ body: { ...e.body?.(t), ...extra } });
const at = (location: string, value?: unknown): Refusal['errors'] => [{ location, ...(value !== undefined && { value }) }];

const EVERY_ROUTE: Case[] = [
  ['missing token', (t, e) => ({ token: '', ...(e.body && body(t, e)) }), () => ({ status: 401 })],
  ['bad token', (t, e) => ({ token: 'not-a-jwt', ...(e.body && body(t, e)) }), () => ({ status: 401 })],
  ['viewer', (t, e) => ({ token: tokens.viewer, ...(e.body && body(t, e)) }), () => ({ status: 403, detail: 'This operation needs the role "admin" or higher; the token has "viewer".' })],
  ['member', (t, e) => ({ token: tokens.member, ...(e.body && body(t, e)) }), () => ({ status: 403, detail: 'This operation needs the role "admin" or higher; the token has "member".' })],
  ['non-JSON', () => ({ raw: 'name=x', contentType: 'text/plain' }), () => ({ status: 415 })],
  ['over-limit body', () => ({ raw: JSON.stringify({ title: 'x'.repeat(BODY_LIMIT) }) }), () => ({ status: 413 })],
  ['malformed Idempotency-Key', (t, e) => ({ ...(e.body && body(t, e)), headers: { 'Idempotency-Key': 'a b' } }), () => ({ status: 400, errors: at('header.idempotency-key', 'a b') })],
  ['missing package', (t, e) => ({ ...(e.body && body(t, e)), path: e.path(t).replace(t.alias, 'no-such-package') }), () => ({ status: 404 })],
];
const WITH_BODY: Case[] = [
  ['malformed JSON', () => ({ raw: '{"name":' }), () => ({ status: 400 })],
  ['non-object JSON', () => ({ raw: '[1]' }), () => ({ status: 422, errors: at('body') })],
  ['unknown field', (t, e) => body(t, e, { bogus: 1 }), () => ({ status: 422, errors: at('body.bogus', 1) })],
];
const ON_EXISTING: Case[] = [
  ['stale If-Match', (t, e) => ({ ...(e.body && body(t, e)), headers: { 'If-Match': '"1"' } }), () => ({ status: 412, errors: undefined })],
  ['malformed If-Match', (t, e) => ({ ...(e.body && body(t, e)), headers: { 'If-Match': 'v1' } }), () => ({ status: 400, errors: at('header.if-match', 'v1') })],
];
const cid = (t: Target, name: string) => `${t.id}:1:${name}`;
const SPECIFIC: Record<string, Case[]> = {
  'POST components': [
    ['name taken', (t, e) => body(t, e, { name: 'webhook' }), (t) => ({ status: 409, errors: at('body.name', cid(t, 'webhook')) })],
    ['second primary', (t, e) => body(t, e, { primary: true }), (t) => ({ status: 409, errors: at('body.primary', cid(t, 'controller')) })],
    ['name with a space', (t, e) => body(t, e, { name: 'a b' }), () => ({ status: 422, errors: at('body.name', 'a b') })],
    ['name ".."', (t, e) => body(t, e, { name: '..' }), () => ({ status: 422, errors: at('body.name', '..') })],
    ['name of 256 characters', (t, e) => body(t, e, { name: 'n'.repeat(256) }), () => ({ status: 422, errors: at('body.name', 'n'.repeat(256)) })],
    ['empty title', (t, e) => body(t, e, { title: '' }), () => ({ status: 422, errors: at('body.title', '') })],
    ['primary missing', () => ({ body: { name: 'x', title: 'X' } }), () => ({ status: 422, errors: at('body.primary') })],
    ['primary not a boolean', (t, e) => body(t, e, { primary: 'yes' }), () => ({ status: 422, errors: at('body.primary', 'yes') })],
    ['server-owned package', (t, e) => body(t, e, { package: t.id }), (t) => ({ status: 422, errors: at('body.package', t.id) })],
    ['missing VersionSet', (t, e) => ({ ...body(t, e), path: `/packages/${t.alias}/versionsets/7/components` }), () => ({ status: 404 })],
    ['malformed number', (t, e) => ({ ...body(t, e), path: `/packages/${t.alias}/versionsets/1.0/components` }), () => ({ status: 404 })],
  ],
  'PUT component': [
    ['another name', (t, e) => body(t, e, { name: 'other' }), () => ({ status: 409, errors: at('body.name', 'other') })],
    ['another package', (t, e) => body(t, e, { package: t.other }), (t) => ({ status: 409, errors: at('body.package', t.other) })],
    ['another VersionSet', (t, e) => body(t, e, { versionset_number: 2 }), () => ({ status: 409, errors: at('body.versionset_number', 2) })],
    ['made primary beside the primary', (t, e) => body(t, e, { primary: true }), (t) => ({ status: 409, errors: at('body.primary', cid(t, 'controller')) })],
    ['missing component', (t, e) => ({ ...body(t, e, { name: 'nope' }), path: `${components(t)}/nope` }), () => ({ status: 404 })],
  ],
  'DELETE component': [['missing component', (t) => ({ path: `${components(t)}/${encodeURIComponent('ghcr.io/none')}` }), () => ({ status: 404 })]],
  'POST releases': [
    ['same version', (t, e) => body(t, e, { version: '1.5.0' }), (t) => ({ status: 409, errors: at('body.version', `${t.id}@1.5.0`) })],
    ['same precedence with v', (t, e) => body(t, e, { version: 'v1.5.0' }), (t) => ({ status: 409, errors: at('body.version', `${t.id}@1.5.0`) })],
    ['same precedence with build', (t, e) => body(t, e, { version: '1.5.0+build.7' }), (t) => ({ status: 409, errors: at('body.version', `${t.id}@1.5.0`) })],
    ['not SemVer', (t, e) => body(t, e, { version: '1.5' }), () => ({ status: 422, errors: at('body.version', '1.5') })],
    ['bad released_on', (t, e) => body(t, e, { released_on: 'yesterday' }), () => ({ status: 422, errors: at('body.released_on', 'yesterday') })],
    ['bad change kind', (t, e) => body(t, e, { changes: [{ kind: 'broke', description: 'x' }] }), () => ({ status: 422, errors: at('body.changes[0].kind', 'broke') })],
    ['server-owned versionset_number', (t, e) => body(t, e, { versionset_number: 1 }), () => ({ status: 422, errors: at('body.versionset_number', 1) })],
  ],
  'PUT release': [
    ['version rewritten', (t, e) => body(t, e, { version: 'v1.5.0' }), () => ({ status: 409, errors: at('body.version', 'v1.5.0') })],
    ['another package', (t, e) => body(t, e, { package: t.other }), (t) => ({ status: 409, errors: at('body.package', t.other) })],
    ['another id', (t, e) => body(t, e, { id: `${t.other}@1.5.0` }), (t) => ({ status: 409, errors: at('body.id', `${t.other}@1.5.0`) })],
    ['path naming another package', (t, e) => ({ ...body(t, e), path: `${releases(t)}/${t.other}@1.5.0` }), () => ({ status: 404 })],
    ['missing release', (t, e) => ({ ...body(t, e), path: `${releases(t)}/2.0.0/` }), () => ({ status: 404 })],
    ['a name every object inherits', (t, e) => ({ ...body(t, e), path: `${releases(t)}/__proto__/` }), () => ({ status: 404 })],
  ],
  'DELETE release': [
    ['path naming another package', (t) => ({ path: `${releases(t)}/${t.other}@1.5.0` }), () => ({ status: 404 })],
    ['latest is not a version', (t) => ({ path: `${releases(t)}/latest` }), () => ({ status: 404 })],
    ['a name every object inherits', (t) => ({ path: `${releases(t)}/valueOf` }), () => ({ status: 404 })],
  ],
};

describe.each(Object.entries(ENDPOINTS))('%s refuses, appending nothing', (name, endpoint) => {
  let t: Target;
  let version: number;
  beforeAll(async () => {
    const { id, alias } = await client.newPackage('>=1.0.0 <2.0.0', '>=2.0.0');
    const other = (await client.newPackage()).alias;
    const send = (path: string, sent: object) => client.send('POST', path, { body: sent });
    const controller = (await send(`/packages/${id}/versionsets/1/components`, component('controller', { primary: true }))).body as Record<string, unknown>;
    const webhook = (await send(`/packages/${id}/versionsets/1/components`, component('webhook'))).body as Record<string, unknown>;
    const release = await send(`/packages/${id}/releases`, { version: '1.5.0', changes: [{ kind: 'fixed', description: 'A leak' }] });
    t = { id, alias, other, controller, webhook, release: release.body as Record<string, unknown> };
    version = etagOf(release);
  });

  const cases = [...EVERY_ROUTE, ...(endpoint.body ? WITH_BODY : []), ...(endpoint.method === 'POST' ? [] : ON_EXISTING), ...(SPECIFIC[name] ?? [])];
  it.each(cases)('%s', async (_case, request, refusal) => {
    const { path, ...options } = { path: endpoint.path(t), ...request(t, endpoint) };
    const answer = await client.send(endpoint.method, path, options);
    const expected = refusal(t);
    expect(answer.status).toBe(expected.status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(validError(answer.body)).toBe(true);
    expect(answer.body).toMatchObject({ status: expected.status, ...(expected.detail && { detail: expected.detail }) });
    if (expected.errors) expect((answer.body as { errors: unknown[] }).errors).toEqual(expected.errors.map((e) => expect.objectContaining(e)));
    if (expected.status === 401) expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await lastSequence(system.nats.url, STREAM, t.id)).toBe(version);
  });
});
