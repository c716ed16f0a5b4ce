import { startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import { badRequest, reader, seedCatalogPackage, seedSchema, type Get } from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { catalogEvent, newPackageId } from '../../apps/projection-service/src/testing/event.factories.js';

const validVersionSet = seedSchema('PackageVersionSet');

let app: QueryApp;
let get: Get;

beforeAll(async () => {
  app = await startQueryApp();
  get = reader(app, await app.token('viewer'));
});
afterAll(async () => app?.close());

const seedPackage = (overrides: Record<string, unknown> = {}) => seedCatalogPackage(app, overrides);

describe('VersionSets', () => {
  it('lists by number with paging, finds the one holding a version, and answers [] when none does', async () => {
    const { id, alias, last } = await seedPackage();
    const first = await get(`/packages/${alias}/versionsets?page_size=1`, last);
    const page = first.body as { data: Record<string, unknown>[]; continuation_token: string };
    expect(page.data.map((set) => set.number)).toEqual([1]);
    const second = (await get(`/packages/${alias}/versionsets?page_size=1&continuation_token=${page.continuation_token}`)).body;
    expect(second).toEqual({ data: [expect.objectContaining({ package: id, number: 2, version_constraint: '>=2.0.0' })] });
    for (const set of page.data) expect(validVersionSet(set)).toBe(true);
    const holding = (await get(`/packages/${id}/versionsets?version=1.5.0-rc.1`)).body as { data: Record<string, unknown>[] };
    expect(holding.data.map((set) => set.number)).toEqual([1]);
    expect((await get(`/packages/${id}/versionsets?version=0.9.0`)).body).toEqual({ data: [] });
  });

  it.each([
    ['version=1.5', 'query.version', 'must be a SemVer version like 1.2.3', '1.5'],
    ['page_size=101', 'query.page_size', 'must be an integer from 1 to 100', '101'],
  ])('answers %s with 400 at %s', async (query, location, message, value) => {
    const { id, last } = await seedPackage();
    const answer = await get(`/packages/${id}/versionsets?${query}`, last);
    expect([answer.status, answer.body]).toEqual([400, badRequest(location, message, value)]);
  });

  it('answers one PackageVersionSet by path and by composite id, with its package version as ETag', async () => {
    const { id, alias, events, last } = await seedPackage();
    for (const path of [`/packages/${alias}/versionsets/1/`, `/packages/${id}/versionsets/1`, `/versionsets/${alias}:1`, `/versionsets/${id}:1`]) {
      const answer = await get(path, last);
      expect([answer.status, answer.headers.get('etag')]).toEqual([200, `"${last}"`]);
      expect(validVersionSet(answer.body)).toBe(true);
      expect(answer.body).toEqual({
        $schema: `${app.baseUrl}/schemas/PackageVersionSet.json`,
        package: id,
        number: 1,
        version_constraint: '>=1.0 <2',
        created_by: events[1]!.event.actor,
        created_on: events[1]!.event.time,
        last_modified_by: events[1]!.event.actor,
        last_modified_on: events[1]!.event.time,
      });
    }
    const cached = await get(`/versionsets/${alias}:1`, last, { 'if-none-match': `"${last}"` });
    expect(cached.status).toBe(304);
  });

  it('answers 404 for malformed numbers and ids, unknown and deleted VersionSets', async () => {
    const { id, alias } = await seedPackage();
    const [deleted] = await app.publish([catalogEvent('VersionSetDeleted', id, { package: id, number: 2 })]);
    const paths = [`/packages/${id}/versionsets/2/`, `/packages/${id}/versionsets/x/`, `/packages/${id}/versionsets/1.0/`, `/packages/${id}/versionsets/9/`,
      `/versionsets/${alias}`, `/versionsets/${alias}:-1`, `/versionsets/NOPE:1`, `/packages/${newPackageId()}/versionsets`];
    for (const path of paths) {
      const answer = await get(path, deleted);
      expect([path, answer.status, (answer.body as { title: string }).title]).toEqual([path, 404, 'Not Found']);
    }
  });
});

describe('GET /packages/{package}/history', () => {
  it('answers the CloudEvents oldest first, in pages, and stays readable by id after a delete', async () => {
    const { id, alias, events } = await seedPackage();
    const [deleted] = await app.publish([catalogEvent('PackageDeleted', id, { id })]);
    const first = await get(`/packages/${id}/history?page_size=3`, deleted);
    const page = first.body as { data: { id: string; type: string }[]; continuation_token: string };
    expect(page.data).toEqual(events.slice(0, 3).map((e) => e.event));
    const rest = (await get(`/packages/${id}/history?page_size=3&continuation_token=${page.continuation_token}`)).body as { data: { type: string }[] };
    expect(rest).toEqual({ data: [events[3]!.event, expect.objectContaining({ type: 'catalog.PackageDeleted', data: { id } })] });
    // The alias was freed by the delete: it names no package any more.
    expect((await get(`/packages/${alias}/history`)).status).toBe(404);
    expect((await get(`/packages/${newPackageId()}/history`)).status).toBe(404);
  });
});
