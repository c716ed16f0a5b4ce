import { call, startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import { badRequest, reader, seedCatalogPackage, seedSchema, type Get } from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { catalogEvent, newPackageId } from '../../apps/projection-service/src/testing/event.factories.js';

const validPackage = seedSchema('Package');

let app: QueryApp;
let get: Get;

beforeAll(async () => {
  app = await startQueryApp();
  get = reader(app, await app.token('viewer'));
});
afterAll(async () => app?.close());

const seedPackage = (overrides: Record<string, unknown> = {}) => seedCatalogPackage(app, overrides);

describe('GET /packages/{package}/', () => {
  it('answers the seed Package by id and by alias, with $schema, audit fields and ETag = its version', async () => {
    const { id, alias, fields, events, last } = await seedPackage();
    for (const path of [`/packages/${id}/`, `/packages/${id}`, `/packages/${alias}/`]) {
      const answer = await get(path, last);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('etag')).toBe(`"${last}"`);
      expect(validPackage(answer.body)).toBe(true);
      expect(answer.body).toEqual({
        $schema: `${app.baseUrl}/schemas/Package.json`,
        id,
        title: 'Argo Workflows',
        system: 'helm',
        aliases: [alias],
        description: fields.description,
        versioning: fields.versioning,
        created_by: 'creator-1',
        created_on: events[0]!.event.time,
        last_modified_by: 'editor-2',
        last_modified_on: events[3]!.event.time,
      });
    }
  });

  it('builds $schema from X-Forwarded-Proto/-Host', async () => {
    const { id, last } = await seedPackage();
    const answer = await get(`/packages/${id}/`, last, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' });
    expect((answer.body as { $schema: string }).$schema).toBe('https://api.example.com/schemas/Package.json');
  });

  it('answers 304 to a matching If-None-Match and HEAD without a body, both with the ETag', async () => {
    const { id, last } = await seedPackage();
    const notModified = await get(`/packages/${id}/`, last, { 'if-none-match': `"${last}"` });
    expect([notModified.status, notModified.text, notModified.headers.get('etag')]).toEqual([304, '', `"${last}"`]);
    const stale = await get(`/packages/${id}/`, last, { 'if-none-match': `"${last - 1}"` });
    expect(stale.status).toBe(200);
    const head = await get(`/packages/${id}/`, last, {}, 'HEAD');
    expect([head.status, head.text, head.headers.get('etag')]).toEqual([200, '', `"${last}"`]);
  });

  it('answers 404 for unknown, malformed and deleted packages (by id and by alias)', async () => {
    const { id, alias } = await seedPackage();
    const [deleted] = await app.publish([catalogEvent('PackageDeleted', id, { id })]);
    const notFound = (ref: string) => ({ status: 404, title: 'Not Found', detail: `Package ${ref} not found` });
    for (const ref of [id, alias, newPackageId(), 'PKG_not-an-id', 'pkg_123']) {
      const answer = await get(`/packages/${encodeURIComponent(ref)}/`, deleted);
      expect([answer.status, answer.headers.get('content-type'), answer.body]).toEqual([404, 'application/problem+json; charset=utf-8', notFound(ref)]);
    }
  });

  it('needs a token (401 with WWW-Authenticate) and refuses unknown query parameters', async () => {
    const { id, last } = await seedPackage();
    const anonymous = await call(app.baseUrl, `/packages/${id}/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.body).toEqual({ status: 401, title: 'Unauthorized', detail: 'The request is missing the required bearer token.' });
    const unknown = await get(`/packages/${id}/?expand=all`, last);
    expect([unknown.status, unknown.body]).toEqual([
      400,
      { status: 400, title: 'Bad Request', detail: 'Query parameters not supported: expand.', errors: [{ location: 'query.expand', message: 'unknown query parameter' }] },
    ]);
  });
});

describe('GET /packages', () => {
  type Page = { data: { id: string; $schema?: string }[]; continuation_token?: string };

  async function walk(query: string, after: number): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const answer = await get(`/packages?${query}${token ? `&continuation_token=${token}` : ''}`, after);
      expect(answer.status).toBe(200);
      const page = answer.body as Page;
      for (const item of page.data) expect(validPackage(item)).toBe(true);
      ids.push(...page.data.map((item) => item.id));
      token = page.continuation_token;
    } while (token);
    return ids;
  }

  it('pages every package in creation order with an opaque continuation token', async () => {
    const made = [await seedPackage(), await seedPackage(), await seedPackage()];
    const all = await walk('page_size=2', made[2]!.last);
    const { rows } = await app.db.pool.query<{ id: string }>('SELECT id FROM catalog_packages ORDER BY created_seq');
    expect(all).toEqual(rows.map((row) => row.id));
    expect(all.filter((id) => made.some((m) => m.id === id))).toEqual(made.map((m) => m.id));
    const first = (await get('/packages?page_size=1', made[2]!.last)).body as Page;
    expect(first.data).toHaveLength(1);
    expect(first.data[0]).not.toHaveProperty('$schema');
  });

  it('filters on system and alias: OR within a key, AND across keys', async () => {
    const helm = await seedPackage({ system: 'helm' });
    const kube = await seedPackage({ system: 'kube' });
    const kustomize = await seedPackage({ system: 'kustomize' });
    const after = kustomize.last;
    const aliases = `filter=alias:${helm.alias}&filter=alias:${kube.alias}&filter=alias:${kustomize.alias}`;
    expect(await walk(aliases, after)).toEqual([helm.id, kube.id, kustomize.id]);
    expect(await walk(`${aliases}&filter=system:kube&filter=system:kustomize`, after)).toEqual([kube.id, kustomize.id]);
    expect(await walk(`filter=alias:${helm.alias}&filter=system:kube`, after)).toEqual([]);
    const kubes = await walk('filter=system:kube', after);
    expect(kubes).toContain(kube.id);
    expect(kubes).not.toContain(helm.id);
  });

  it.each([
    ['page_size=0', 'query.page_size', 'must be an integer from 1 to 1000', '0'],
    ['page_size=1001', 'query.page_size', 'must be an integer from 1 to 1000', '1001'],
    ['page_size=ten', 'query.page_size', 'must be an integer from 1 to 1000', 'ten'],
    ['filter=owner:me', 'query.filter', 'unknown filter key "owner"; keys: system, alias (as key:value)', 'owner:me'],
    ['filter=system:rpm', 'query.filter', 'system must be one of helm, kustomize, kube', 'system:rpm'],
    ['continuation_token=garbage', 'query.continuation_token', 'is not a token issued for this request (it must come unchanged from the previous page)', 'garbage'],
  ])('answers %s with 400 at %s', async (query, location, message, value) => {
    const answer = await get(`/packages?${query}`);
    expect([answer.status, answer.body]).toEqual([400, badRequest(location, message, value)]);
  });

  it('refuses unknown parameters and a token issued for other filters', async () => {
    const unknown = await get('/packages?sort=title');
    expect(unknown.body).toEqual({
      status: 400,
      title: 'Bad Request',
      detail: 'Query parameters not supported: sort.',
      errors: [{ location: 'query.sort', message: 'unknown query parameter' }],
    });
    await seedPackage({ system: 'kube' });
    const { last } = await seedPackage({ system: 'kube' });
    const token = ((await get('/packages?page_size=1&filter=system:kube', last)).body as Page).continuation_token as string;
    expect(token).toEqual(expect.any(String));
    const other = await get(`/packages?page_size=1&filter=system:helm&continuation_token=${token}`);
    expect([other.status, (other.body as { errors: { location: string }[] }).errors[0]!.location]).toEqual([400, 'query.continuation_token']);
  });
});
