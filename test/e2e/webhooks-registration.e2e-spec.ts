import { randomUUID } from 'node:crypto';
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import type { Role } from '../../libs/http/src/auth/principal.js';
import { call, SECRET, streamEvents, type Answer } from './command-service.harness.js';
import { startSystem, STREAM, type System } from './operations.harness.js';

// Webhook registration through the gateway (SPEC §10), private destinations refused as in production.
let system: System;
let base: string;

beforeAll(async () => {
  system = await startSystem({ gateway: true });
  base = system.gateway?.baseUrl ?? '';
});
afterAll(async () => system?.close());

const token = (role: Role, accounts: string[] = []) => signDevToken({ secret: SECRET, sub: randomUUID(), role, accounts, ttl: '10m' });
const send = async (method: string, path: string, bearer: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  call(base, method, path, { token: bearer, ...(body !== undefined && { body }), headers });
const read = (path: string, bearer: string, written: Answer) => send('GET', path, bearer, undefined, { 'x-consistency-token': written.headers.get('x-consistency-token') ?? '' });
const PUBLIC_URL = 'https://93.184.215.14/hooks';
const SECRET_SHAPE = /^whsec_[A-Za-z0-9+/]{43}=$/;

describe('catalog webhooks', () => {
  it('an admin registers one: 201 with Location and the secret once; reads never show it, nor do the stream or the logs', async () => {
    const admin = await token('admin');
    const created = await send('POST', '/webhooks', admin, { url: PUBLIC_URL, types: ['catalog.PackageCreated'], description: 'ci' });
    expect(created.status).toBe(201);
    const body = created.body as Record<string, unknown>;
    expect(body).toMatchObject({ url: PUBLIC_URL, types: ['catalog.PackageCreated'], description: 'ci', active: true });
    expect(body['secret']).toMatch(SECRET_SHAPE);
    expect(created.headers.get('location')).toBe(`${base}/webhooks/${String(body['id'])}`);
    const got = await read(`/webhooks/${String(body['id'])}`, admin, created);
    expect(got.status).toBe(200);
    const { secret, ...withoutSecret } = body;
    expect(got.body).toEqual(withoutSecret);
    const listed = await read('/webhooks', admin, created);
    expect((listed.body as { data: unknown[] }).data).toContainEqual(withoutSecret);
    const events = await streamEvents(system.nats.url, STREAM);
    const mine = events.filter((event) => event.subject === body['id']);
    expect(mine.map((event) => event.type)).toEqual(['catalog.WebhookCreated']);
    expect(JSON.stringify(events)).not.toContain(String(secret));
    for (const process of [system.command, system.query, system.gateway]) expect(process?.output()).not.toContain(String(secret));
  });

  it('rotates the secret: a new one, the old one signing for 24 h more; PUT replaces; DELETE ends it', async () => {
    const admin = await token('admin');
    const created = await send('POST', '/webhooks', admin, { url: PUBLIC_URL });
    const { id, secret } = created.body as { id: string; secret: string };
    const rotated = await send('POST', `/webhooks/${id}/rotate-secret`, admin);
    expect(rotated.status).toBe(200);
    const after = rotated.body as { secret: string; previous_secret_valid_until: string };
    expect(after.secret).toMatch(SECRET_SHAPE);
    expect(after.secret).not.toBe(secret);
    expect(Date.parse(after.previous_secret_valid_until) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const got = await read(`/webhooks/${id}`, admin, rotated);
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).toMatchObject({ types: ['catalog.*'], previous_secret_valid_until: after.previous_secret_valid_until });
    const put = await send('PUT', `/webhooks/${id}`, admin, { ...(got.body as object), description: 'changed', active: false });
    expect([put.status, put.body]).toMatchObject([200, { description: 'changed', active: false }]);
    const removed = await send('DELETE', `/webhooks/${id}`, admin);
    expect(removed.status).toBe(204);
    expect((await read(`/webhooks/${id}`, admin, removed)).status).toBe(404);
    expect((await send('POST', `/webhooks/${id}/ping`, admin)).status).toBe(404);
  });

  it('refuses bad and private destinations (422 at body.url), non-admins (403) and a bad replay start', async () => {
    const admin = await token('admin');
    for (const url of ['ftp://example.com/x', 'http://93.184.215.14/plain-http', 'https://127.0.0.1/x', 'https://169.254.169.254/latest', 'https://localhost/x', `https://example.com/${'a'.repeat(2048)}`]) {
      const answer = await send('POST', '/webhooks', admin, { url });
      expect([url, answer.status]).toEqual([url, 422]);
      expect((answer.body as { errors: { location: string }[] }).errors[0]?.location).toBe('body.url');
    }
    expect((await send('POST', '/webhooks', admin, { url: PUBLIC_URL, types: ['accounts.PackageCreated'] })).status).toBe(422);
    expect((await send('POST', '/webhooks', admin, { url: PUBLIC_URL, secret: 'whsec_mine' })).status).toBe(422);
    expect((await send('POST', '/webhooks', await token('member'), { url: PUBLIC_URL })).status).toBe(403);
    const oversized = await send('POST', '/webhooks', admin, { url: PUBLIC_URL, description: 'x'.repeat(800 * 1024) });
    expect([oversized.status, (oversized.body as { status?: number }).status]).toEqual([413, 413]);
    expect((await send('POST', '/webhooks', admin, { url: PUBLIC_URL, description: 'x'.repeat(1001) })).status).toBe(422);
    expect((await send('GET', '/webhooks', await token('member'))).status).toBe(403);
    const { id } = (await send('POST', '/webhooks', admin, { url: PUBLIC_URL })).body as { id: string };
    expect((await send('POST', `/webhooks/${id}/replay`, admin, { from: 'yesterday' })).status).toBe(422);
    expect((await send('POST', `/webhooks/${id}/replay`, admin, { from: 1 })).status).toBe(202);
    expect((await send('POST', `/webhooks/${id}/ping`, admin)).status).toBe(202);
  });
});

describe('account webhooks', () => {
  const path = (account: string, rest = '') => `/accounts/${account}/core/v1/webhooks${rest}`;
  const problem = (answer: Answer) => [answer.status, (answer.body as { type?: string } | undefined)?.type];

  it('a member registers one for the account; a viewer reads it; another account sees nothing and cannot register (404 problem 2)', async () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const member = await token('member', [mine]);
    const created = await send('POST', path(mine), member, { url: PUBLIC_URL, types: ['accounts.PackageStateChanged'] });
    expect(created.status).toBe(201);
    const body = created.body as { id: string; secret: string; metadata: Record<string, unknown> };
    expect(body.secret).toMatch(SECRET_SHAPE);
    expect(body.metadata).toMatchObject({ createdBy: expect.any(String), creationTimestamp: expect.any(String) });
    const viewer = await token('viewer', [mine]);
    const got = await read(path(mine, `/${body.id}`), viewer, created);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(((await read(path(mine), viewer, created)).body as { items: { id: string }[] }).items.map((w) => w.id)).toContain(body.id);
    expect(problem(await send('POST', path(mine), viewer, { url: PUBLIC_URL }))).toEqual([403, 'https://astra.netapp.io/problems/11']);
    // GET, change, PUT back — also after a rotation, whose end of overlap the GET body shows.
    const rotated = await send('POST', path(mine, `/${body.id}/rotate-secret`), member);
    const current = await read(path(mine, `/${body.id}`), member, rotated);
    expect(current.body).toHaveProperty('previousSecretValidUntil');
    const put = await send('PUT', path(mine, `/${body.id}`), member, { ...(current.body as object), description: 'ops' });
    expect([put.status, (put.body as { description?: string }).description]).toEqual([200, 'ops']);

    const foreign = await token('owner', [theirs]);
    const notFound = [404, 'https://astra.netapp.io/problems/2'];
    expect(problem(await read(path(mine, `/${body.id}`), foreign, created))).toEqual(notFound);
    expect(problem(await read(path(mine), foreign, created))).toEqual(notFound);
    expect(problem(await read(path(mine, `/${body.id}/deliveries`), foreign, created))).toEqual(notFound);
    expect(problem(await send('POST', path(mine), foreign, { url: PUBLIC_URL }))).toEqual(notFound);
    expect(problem(await send('POST', path(mine, `/${body.id}/replay`), foreign, { from: 1 }))).toEqual(notFound);
    // The other account's own path does not reach this webhook either.
    const theirMember = await token('member', [theirs]);
    expect((await read(path(theirs, `/${body.id}`), theirMember, created)).status).toBe(404);
    expect((await send('DELETE', path(theirs, `/${body.id}`), theirMember)).status).toBe(404);
    expect((await read(path(mine, `/${body.id}`), viewer, created)).status).toBe(200);
  });

  it('answers a bad body as Astra problems and refuses private destinations', async () => {
    const account = randomUUID();
    const member = await token('member', [account]);
    const invalid = await send('POST', path(account), member, { url: 'https://10.0.0.8/hook' });
    expect(problem(invalid)).toEqual([400, 'https://astra.netapp.io/problems/9']);
    expect(JSON.stringify(invalid.body)).toContain('url');
    expect(problem(await send('POST', path(account), member, { url: PUBLIC_URL, types: ['catalog.*'] }))[0]).toBe(400);
    const { id } = (await send('POST', path(account), member, { url: PUBLIC_URL })).body as { id: string };
    expect(problem(await send('POST', path(account, `/${id}/replay`), member, { from: -3 }))[0]).toBe(400);
  });
});
