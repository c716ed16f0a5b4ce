import { randomUUID } from 'node:crypto';
import { startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import { badRequest, reader, seedSchema, type Get } from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { catalogEvent, newPackageId, packageFields } from '../../apps/projection-service/src/testing/event.factories.js';

// Components and releases (SPEC §4.4, §4.5) from events appended as the command service appends
// them; every success body is checked against its schema (additionalProperties: false), every
// error against the ErrorModel.
const validComponent = seedSchema('PackageComponent');
const validRelease = seedSchema('PackageRelease');
const validError = seedSchema('ErrorModel');

let app: QueryApp;
let get: Get;

beforeAll(async () => {
  app = await startQueryApp();
  get = reader(app, await app.token('viewer'));
});
afterAll(async () => app?.close());

type Page = { data: Record<string, unknown>[]; continuation_token?: string };

/** A package (id, alias) and a function appending further events to it; returns the last sequence. */
async function newPackage(...ranges: string[]) {
  const id = newPackageId();
  const alias = `cm-${randomUUID().slice(0, 8)}`;
  const append = async (...events: [string, object][]): Promise<number> =>
    (await app.publish(events.map(([type, data]) => catalogEvent(type, id, data)))).at(-1) as number;
  await append(['PackageCreated', packageFields(id, { aliases: [alias] })]);
  for (const [index, range] of ranges.entries()) await append(['VersionSetCreated', { package: id, number: index + 1, version_constraint: range }]);
  return { id, alias, append };
}

const component = (pkg: string, number: number, name: string, extra: object = {}) =>
  ['ComponentCreated', { package: pkg, versionset_number: number, name, title: `T ${name}`, primary: false, ...extra }] as [string, object];
const release = (pkg: string, version: string, extra: object = {}) => ['ReleaseCreated', { package: pkg, version, changes: [], ...extra }] as [string, object];

async function expectNotFound(path: string): Promise<void> {
  const answer = await get(path);
  expect([path, answer.status, (answer.body as { title?: string }).title]).toEqual([path, 404, 'Not Found']);
  expect(validError(answer.body)).toBe(true);
}

async function versions(path: string, after?: number): Promise<unknown[]> {
  const answer = await get(path, after);
  expect([path, answer.status]).toEqual([path, 200]);
  const page = answer.body as Page;
  for (const item of page.data) expect(validRelease(item)).toBe(true);
  return page.data.map((item) => item['version']);
}

describe('PackageComponents', () => {
  it('lists a VersionSet\'s components by name with paging; gets one by path and by composite id', async () => {
    const { id, alias, append } = await newPackage('<1.0.0', '>=1.0.0');
    const last = await append(
      component(id, 1, 'webhook'),
      component(id, 1, 'controller', { primary: true, description: 'The controller' }),
      component(id, 1, 'ghcr.io/org/cainjector:v1'),
      component(id, 2, 'other'),
    );
    const first = await get(`/packages/${alias}/versionsets/1/components?page_size=2`, last);
    const page = first.body as Page;
    expect(page.data.map((item) => item['name'])).toEqual(['controller', 'ghcr.io/org/cainjector:v1']);
    const second = (await get(`/packages/${alias}/versionsets/1/components/?page_size=2&continuation_token=${page.continuation_token}`)).body as Page;
    expect(second).toEqual({ data: [expect.objectContaining({ name: 'webhook', package: id, versionset_number: 1, primary: false })] });
    for (const item of [...page.data, ...second.data]) expect(validComponent(item)).toBe(true);

    const name = encodeURIComponent('ghcr.io/org/cainjector:v1');
    for (const path of [`/packages/${alias}/versionsets/1/components/${name}`, `/packages/${id}/versionsets/1/components/${name}/`, `/components/${alias}:1:${name}`, `/components/${id}:1:${name}`]) {
      const answer = await get(path);
      expect([path, answer.status, answer.headers.get('etag')]).toEqual([path, 200, `"${last}"`]);
      expect(validComponent(answer.body)).toBe(true);
      expect(answer.body).toMatchObject({ $schema: `${app.baseUrl}/schemas/PackageComponent.json`, name: 'ghcr.io/org/cainjector:v1', package: id, versionset_number: 1 });
    }
    const controller = (await get(`/components/${alias}:1:controller`)).body;
    expect(controller).toEqual({
      $schema: `${app.baseUrl}/schemas/PackageComponent.json`, name: 'controller', package: id, versionset_number: 1, title: 'T controller',
      primary: true, description: 'The controller', created_by: expect.any(String), created_on: expect.any(String),
      last_modified_by: expect.any(String), last_modified_on: expect.any(String),
    });
    expect((await get(`/components/${alias}:1:controller`, undefined, { 'if-none-match': `"${last}"` })).status).toBe(304);
  });

  it('follows updates and deletes; a deleted VersionSet or package takes its components', async () => {
    const { id, alias, append } = await newPackage('<1.0.0', '>=1.0.0');
    await append(component(id, 1, 'a'), component(id, 1, 'b'), component(id, 2, 'c'));
    let last = await append(['ComponentUpdated', { package: id, versionset_number: 1, name: 'a', title: 'Renamed', primary: true }]);
    expect((await get(`/components/${id}:1:a`, last)).body).toMatchObject({ title: 'Renamed', primary: true });
    last = await append(['ComponentDeleted', { package: id, versionset_number: 1, name: 'b' }]);
    await get('/packages', last);
    await expectNotFound(`/components/${id}:1:b`);
    last = await append(['VersionSetDeleted', { package: id, number: 1 }]);
    await get('/packages', last);
    await expectNotFound(`/packages/${alias}/versionsets/1/components`);
    await expectNotFound(`/packages/${alias}/versionsets/1/components/a`);
    await expectNotFound(`/components/${alias}:1:a`);
    expect((await get(`/components/${alias}:2:c`)).status).toBe(200);
    last = await append(['PackageDeleted', { id }]);
    await get('/packages', last);
    await expectNotFound(`/components/${id}:2:c`);
    await expectNotFound(`/packages/${id}/versionsets/2/components`);
    expect(((await get(`/packages/${id}/history`)).body as Page).data.map((event) => event['type'])).toContain('catalog.ComponentDeleted');
  });

  it('answers 404 for malformed and unknown ids, 400 for bad query parameters', async () => {
    const { id, alias, append } = await newPackage('<1.0.0');
    await append(component(id, 1, 'a'));
    for (const path of [
      `/packages/${alias}/versionsets/x/components`, `/packages/${alias}/versionsets/9/components`, `/packages/${newPackageId()}/versionsets/1/components`,
      `/packages/${alias}/versionsets/1/components/zzz`, `/packages/${alias}/versionsets/01/components/a`, `/components/${alias}:1`, `/components/${alias}`,
      `/components/${alias}:x:a`, `/components/${alias}:1:`, `/components/NOT-AN-ALIAS:1:a`,
    ]) await expectNotFound(path);
    const base = `/packages/${alias}/versionsets/1/components`;
    for (const [query, location, message, value] of [
      ['page_size=101', 'query.page_size', 'must be an integer from 1 to 100', '101'],
      ['page_size=0', 'query.page_size', 'must be an integer from 1 to 100', '0'],
      ['continuation_token=abc', 'query.continuation_token', 'is not a token issued for this request (it must come unchanged from the previous page)', 'abc'],
    ] as const) {
      const answer = await get(`${base}?${query}`);
      expect([answer.status, answer.body]).toEqual([400, badRequest(location, message, value)]);
    }
    const unknown = await get(`${base}?sort=name`);
    expect([unknown.status, validError(unknown.body)]).toEqual([400, true]);
    expect((await get(`/components/${alias}:1:a?page_size=1`)).status).toBe(400);
  });

  it('serves its $schema documents without a token', async () => {
    for (const name of ['PackageComponent', 'PackageRelease']) {
      const response = await fetch(`${app.baseUrl}/schemas/${name}.json`);
      expect([response.status, ((await response.json()) as { title: string }).title]).toEqual([200, name]);
    }
  });
});

describe('PackageReleases', () => {
  const ALL = ['0.9.0', 'v1.2.0', '1.5.0-beta.1', '1.10.0', '2.0.0', '2.1.0-rc.1'];

  it('lists highest version first with paging, prerelease, version_constraint and versionset filters; latest', async () => {
    const { id, alias, append } = await newPackage('>=1.0.0 <2.0.0');
    const last = await append(...ALL.map((version) => release(id, version)));
    expect(await versions(`/packages/${alias}/releases`, last)).toEqual(['2.0.0', '1.10.0', 'v1.2.0', '0.9.0']);
    expect(await versions(`/packages/${alias}/releases?prerelease=true`)).toEqual(['2.1.0-rc.1', '2.0.0', '1.10.0', '1.5.0-beta.1', 'v1.2.0', '0.9.0']);
    expect(await versions(`/packages/${alias}/releases?version_constraint=>=1.2.0 <2`)).toEqual(['1.10.0', 'v1.2.0']);
    expect(await versions(`/packages/${alias}/releases?version_constraint=>=1.2.0 <2&prerelease=true`)).toEqual(['1.10.0', '1.5.0-beta.1', 'v1.2.0']);
    expect(await versions(`/packages/${alias}/releases?versionset=1&prerelease=true`)).toEqual(['1.10.0', '1.5.0-beta.1', 'v1.2.0']);
    expect(await versions(`/packages/${alias}/versionsets/1/releases`)).toEqual(['1.10.0', 'v1.2.0']);
    expect(await versions(`/packages/${id}/versionsets/1/releases?prerelease=true&version_constraint=<1.6`)).toEqual(['1.5.0-beta.1', 'v1.2.0']);
    expect(await versions(`/packages/${alias}/releases?versionset=7`)).toEqual([]);

    const seen: unknown[] = [];
    let path = `/packages/${alias}/releases?prerelease=true&page_size=4`;
    for (;;) {
      const page = (await get(path)).body as Page;
      seen.push(...page.data.map((item) => item['version']));
      if (!page.continuation_token) break;
      path = `/packages/${alias}/releases?prerelease=true&page_size=4&continuation_token=${page.continuation_token}`;
    }
    expect(seen).toEqual(['2.1.0-rc.1', '2.0.0', '1.10.0', '1.5.0-beta.1', 'v1.2.0', '0.9.0']);

    const latest = await get(`/packages/${alias}/releases/latest`);
    expect([latest.status, latest.headers.get('etag'), (latest.body as { version: string }).version]).toEqual([200, `"${last}"`, '2.0.0']);
    expect(validRelease(latest.body)).toBe(true);
  });

  it('gets a release by version (either written form), by <package>@<version> and by composite id', async () => {
    const { id, alias, append } = await newPackage('>=1.0.0 <2.0.0');
    const last = await append(release(id, 'v1.2.0', { released_on: '2025-03-01T12:00:00Z', changes: [{ kind: 'security', description: 'CVE fix' }] }));
    const expected = {
      $schema: `${app.baseUrl}/schemas/PackageRelease.json`, id: `${id}@v1.2.0`, package: id, version: 'v1.2.0', released_on: '2025-03-01T12:00:00Z',
      changes: [{ kind: 'security', description: 'CVE fix' }], versionset_number: 1, created_by: expect.any(String), created_on: expect.any(String),
      last_modified_by: expect.any(String), last_modified_on: expect.any(String),
    };
    for (const path of [
      `/packages/${alias}/releases/v1.2.0`, `/packages/${alias}/releases/1.2.0/`, `/packages/${id}/releases/${alias}@1.2.0`,
      `/packages/${alias}/releases/${id}@v1.2.0`, `/releases/${alias}@v1.2.0`, `/releases/${id}@1.2.0+build.7`,
    ]) {
      const answer = await get(path, last);
      expect([path, answer.status, answer.headers.get('etag')]).toEqual([path, 200, `"${last}"`]);
      expect(validRelease(answer.body)).toBe(true);
      expect(answer.body).toEqual(expected);
    }
    expect((await get(`/releases/${alias}@v1.2.0`, undefined, { 'if-none-match': `"${last}"` })).status).toBe(304);
  });

  it('keeps each release\'s VersionSet as ranges move, VersionSets are deleted and releases come and go', async () => {
    const { id, alias, append } = await newPackage('>=1.0.0 <2.0.0');
    await append(...ALL.map((version) => release(id, version)));
    const numbers = async (after: number) => {
      const page = (await get(`/packages/${alias}/releases?prerelease=true`, after)).body as Page;
      return Object.fromEntries(page.data.map((item) => [item['version'], item['versionset_number']]));
    };
    let last = await append(['VersionSetUpdated', { package: id, number: 1, version_constraint: '>=1.5.0-0 <3' }]);
    expect(await numbers(last)).toEqual({ '2.1.0-rc.1': 1, '2.0.0': 1, '1.10.0': 1, '1.5.0-beta.1': 1, 'v1.2.0': null, '0.9.0': null });
    last = await append(['VersionSetCreated', { package: id, number: 2, version_constraint: '<1.5.0-0' }]);
    expect(await numbers(last)).toEqual({ '2.1.0-rc.1': 1, '2.0.0': 1, '1.10.0': 1, '1.5.0-beta.1': 1, 'v1.2.0': 2, '0.9.0': 2 });
    expect(await versions(`/packages/${alias}/versionsets/2/releases`)).toEqual(['v1.2.0', '0.9.0']);
    last = await append(['VersionSetDeleted', { package: id, number: 1 }], release(id, '1.7.0'), ['ReleaseDeleted', { package: id, version: '2.0.0' }]);
    expect(await numbers(last)).toEqual({ '2.1.0-rc.1': null, '1.10.0': null, '1.7.0': null, '1.5.0-beta.1': null, 'v1.2.0': 2, '0.9.0': 2 });
    await expectNotFound(`/packages/${alias}/versionsets/1/releases`);
    await expectNotFound(`/packages/${alias}/releases/2.0.0`);
    expect(((await get(`/packages/${alias}/releases/latest`)).body as { version: string }).version).toBe('1.10.0');
    last = await append(['VersionSetCreated', { package: id, number: 3, version_constraint: '>=1.7.0' }], ['ReleaseUpdated', { package: id, version: 'v1.2.0', changes: [{ kind: 'fixed', description: 'Docs' }] }]);
    expect(await numbers(last)).toEqual({ '2.1.0-rc.1': 3, '1.10.0': 3, '1.7.0': 3, '1.5.0-beta.1': null, 'v1.2.0': 2, '0.9.0': 2 });
    expect((await get(`/releases/${id}@1.2.0`)).body).toMatchObject({ changes: [{ kind: 'fixed', description: 'Docs' }], versionset_number: 2 });
  });

  it('answers 404 for another package\'s release, unknown versions and deleted packages; 400 for bad query parameters', async () => {
    const { id, alias, append } = await newPackage('>=1.0.0');
    const other = await newPackage();
    const last = Math.max(await append(release(id, '1.0.0-rc.1')), await other.append(release(other.id, '1.0.0')));
    await get('/packages', last);
    await expectNotFound(`/packages/${alias}/releases/latest`);
    for (const path of [
      `/packages/${alias}/releases/${other.alias}@1.0.0`, `/packages/${other.id}/releases/${alias}@1.0.0-rc.1`, `/packages/${alias}/releases/1.0.0`,
      `/packages/${alias}/releases/banana`, `/packages/${alias}/releases/1.0`, `/packages/${alias}/releases/@1.0.0-rc.1`, `/releases/1.0.0`,
      `/releases/${alias}@`, `/releases/${newPackageId()}@1.0.0`, `/packages/${newPackageId()}/releases`, `/packages/${alias}/versionsets/5/releases`,
    ]) await expectNotFound(path);
    expect((await get(`/releases/${alias}@1.0.0-rc.1`)).status).toBe(200);
    const base = `/packages/${alias}/releases`;
    for (const [query, location, value] of [
      ['version_constraint=banana', 'query.version_constraint', 'banana'],
      ['version_constraint=', 'query.version_constraint', ''],
      ['versionset=x', 'query.versionset', 'x'],
      ['prerelease=maybe', 'query.prerelease', 'maybe'],
      ['page_size=101', 'query.page_size', '101'],
    ] as const) {
      const answer = await get(`${base}?${query}`);
      expect([query, answer.status, (answer.body as { errors: unknown[] }).errors]).toEqual([query, 400, [expect.objectContaining({ location, value })]]);
      expect(validError(answer.body)).toBe(true);
    }
    const token = ((await get(`${base}?prerelease=true&page_size=1`)).body as Page).continuation_token;
    expect(token).toBeUndefined();
    const paged = ((await get(`/packages/${other.alias}/releases?page_size=1`, await other.append(release(other.id, '2.0.0')))).body as Page).continuation_token;
    expect((await get(`/packages/${other.alias}/releases?page_size=1&prerelease=true&continuation_token=${paged}`)).status).toBe(400);
    expect((await get(`${base}/latest?x=1`)).status).toBe(400);
    const gone = await append(['PackageDeleted', { id }]);
    await get('/packages', gone);
    await expectNotFound(`/releases/${id}@1.0.0-rc.1`);
    await expectNotFound(`/packages/${id}/releases?prerelease=true`);
  });
});
