import { startService, streamEvents, tokenFor, type Answer, type ServiceProcess } from './command-service.harness.js';
import { startSystem, STREAM, type System } from './operations.harness.js';
import { component, partsClient, validComponent, validError, validRelease } from './support/catalog-parts-client.js';

// What components and releases owe to their package (SPEC §4.4, §4.5), end to end through the
// gateway: releases follow every VersionSet change without a write of their own, components go
// with their VersionSet, both go with their package, and the uniqueness rules hold when a second
// command-service process writes the same package at the same time.
let system: System;
let second: ServiceProcess;
let client: ReturnType<typeof partsClient>;
let direct: ReturnType<typeof partsClient>;

beforeAll(async () => {
  system = await startSystem({ gateway: true });
  second = await startService('command-service', { NATS_URL: system.nats.url, EVENT_STREAM: STREAM });
  const admin = await tokenFor('admin');
  client = partsClient(system.gateway?.baseUrl ?? '', admin);
  direct = partsClient(second.baseUrl, admin);
}, 120_000);
afterAll(async () => {
  await second?.stop();
  await system?.close();
});

const versionSetOf = (answer: Answer) => (answer.body as { versionset_number: number | null }).versionset_number;
const body = (answer: Answer) => answer.body as Record<string, unknown>;

/** `versionset_number` of each release as the query service answers it once `after` is applied. */
async function resolved(id: string, after: Answer, versions: string[]): Promise<Record<string, number | null>> {
  const answers = await Promise.all(versions.map((v) => client.read(`/packages/${id}/releases/${v}/`, after)));
  for (const answer of answers) expect(validRelease(answer.body)).toBe(true);
  return Object.fromEntries(versions.map((v, i) => [v, versionSetOf(answers[i] as Answer)]));
}

async function listed(path: string, after: Answer): Promise<unknown[]> {
  const answer = await client.read(path, after);
  expect([path, answer.status]).toEqual([path, 200]);
  return (answer.body as { data: { version?: string; name?: string }[] }).data.map((item) => item.version ?? item.name);
}

describe('release ↔ VersionSet resolution', () => {
  it('follows VersionSet creates, updates and deletes, prereleases included, and survives refused overlaps', async () => {
    const { id } = await client.newPackage('>=1.0.0 <2.0.0');
    const releases = `/packages/${id}/releases`;
    const versions = ['0.9.0', '1.5.0', '1.9.0-rc.1', '2.1.0'];
    const created = [];
    for (const version of versions) created.push(await client.send('POST', releases, { body: { version } }));
    expect(created.map(versionSetOf)).toEqual([null, 1, 1, null]);
    expect(await resolved(id, created[3] as Answer, versions)).toEqual({ '0.9.0': null, '1.5.0': 1, '1.9.0-rc.1': 1, '2.1.0': null });

    const set1 = (await client.read(`/packages/${id}/versionsets/1/`)).body as Record<string, unknown>;
    const narrowed = await client.send('PUT', `/packages/${id}/versionsets/1/`, { body: { ...set1, version_constraint: '>=1.0.0 <1.6.0' } });
    expect(await resolved(id, narrowed, versions)).toEqual({ '0.9.0': null, '1.5.0': 1, '1.9.0-rc.1': null, '2.1.0': null });

    const set2 = await client.send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '>=1.6.0 <3.0.0' } });
    expect(await resolved(id, set2, versions)).toEqual({ '0.9.0': null, '1.5.0': 1, '1.9.0-rc.1': 2, '2.1.0': 2 });
    expect(await listed(`/packages/${id}/versionsets/2/releases`, set2)).toEqual(['2.1.0']);
    expect(await listed(`/packages/${id}/versionsets/2/releases?prerelease=true`, set2)).toEqual(['2.1.0', '1.9.0-rc.1']);

    const overlapping = await client.send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '>=0.5.0 <1.2.0' } });
    const widened = await client.send('PUT', `/packages/${id}/versionsets/2/`, { body: { version_constraint: '>=1.5.0 <3.0.0' } });
    for (const refused of [overlapping, widened]) {
      expect(refused).toMatchObject({ status: 409, body: { errors: [{ location: 'body.version_constraint', value: `${id}:1` }] } });
      expect(validError(refused.body)).toBe(true);
    }
    expect(await resolved(id, set2, versions)).toEqual({ '0.9.0': null, '1.5.0': 1, '1.9.0-rc.1': 2, '2.1.0': 2 });

    const gone = await client.send('DELETE', `/packages/${id}/versionsets/1/`);
    expect(await resolved(id, gone, versions)).toEqual({ '0.9.0': null, '1.5.0': null, '1.9.0-rc.1': 2, '2.1.0': 2 });
    expect((await client.read(`/packages/${id}/versionsets/1/releases`, gone)).status).toBe(404);

    const late = await client.send('POST', releases, { body: { version: 'v1.2.0' } });
    expect(versionSetOf(late)).toBeNull();
    const set3 = await client.send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '<1.6.0' } });
    expect(body(set3)).toMatchObject({ number: 3 });
    expect(await listed(`${releases}?versionset=3`, set3)).toEqual(['1.5.0', 'v1.2.0', '0.9.0']);
    const put = await client.send('PUT', `${releases}/1.5.0/`, { body: { ...body(created[1] as Answer), changes: [{ kind: 'security', description: 'CVE fix' }] } });
    expect([put.status, versionSetOf(put)]).toEqual([200, 3]);
  });
});

describe('life cycle', () => {
  it('deleting a VersionSet removes its components, only its own; a later VersionSet starts empty', async () => {
    const { id, alias } = await client.newPackage('>=1.0.0 <2.0.0', '>=2.0.0 <3.0.0');
    for (const [number, name] of [[1, 'controller'], [1, 'webhook'], [2, 'controller']] as const) {
      expect((await client.send('POST', `/packages/${id}/versionsets/${number}/components`, { body: component(name) })).status).toBe(201);
    }
    const deleted = await client.send('DELETE', `/packages/${alias}/versionsets/1/`);
    expect(deleted.status).toBe(204);
    for (const path of [`/components/${alias}:1:controller`, `/packages/${id}/versionsets/1/components/webhook`, `/packages/${id}/versionsets/1/components`]) {
      expect([path, (await client.read(path, deleted)).status]).toEqual([path, 404]);
    }
    const kept = await client.read(`/components/${alias}:2:controller`, deleted);
    expect([kept.status, validComponent(kept.body)]).toEqual([200, true]);
    expect((await client.send('PUT', `/packages/${id}/versionsets/1/components/webhook/`, { body: component('webhook') })).status).toBe(404);
    const again = await client.send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: '>=1.0.0 <2.0.0' } });
    expect(body(again)).toMatchObject({ number: 3 });
    expect(await listed(`/packages/${id}/versionsets/3/components`, again)).toEqual([]);
  });

  it('deleting a package removes its components and releases: reads 404, writes 404, history keeps them', async () => {
    const { id, alias } = await client.newPackage('>=1.0.0');
    await client.send('POST', `/packages/${id}/versionsets/1/components`, { body: component('controller', { primary: true }) });
    await client.send('POST', `/packages/${id}/releases`, { body: { version: '1.0.0' } });
    const deleted = await client.send('DELETE', `/packages/${id}/`);
    expect(deleted.status).toBe(204);
    for (const path of [`/components/${id}:1:controller`, `/releases/${id}@1.0.0`, `/packages/${id}/releases`, `/packages/${id}/releases/latest`, `/packages/${id}/versionsets/1/components`]) {
      expect([path, (await client.read(path, deleted)).status]).toEqual([path, 404]);
    }
    expect((await client.send('POST', `/packages/${id}/releases`, { body: { version: '2.0.0' } })).status).toBe(404);
    expect((await client.send('DELETE', `/packages/${alias}/releases/1.0.0/`)).status).toBe(404);
    const types = ((await client.read(`/packages/${id}/history`, deleted)).body as { data: { type: string }[] }).data.map((e) => e.type);
    expect(types).toEqual(['catalog.PackageCreated', 'catalog.VersionSetCreated', 'catalog.ComponentCreated', 'catalog.ReleaseCreated', 'catalog.PackageDeleted']);
  });
});

describe('uniqueness under two command-service processes', () => {
  /** `n` requests at once, alternating between the gateway (first process) and the second process. */
  const race = (n: number, request: (via: typeof client, i: number) => Promise<Answer>) =>
    Promise.all(Array.from({ length: n }, (_, i) => request(i % 2 ? client : direct, i)));
  const created = async (id: string, type: string) => (await streamEvents(system.nats.url, STREAM)).filter((e) => e.subject === id && e.type === type);

  const expectOneWinner = (answers: Answer[]) => {
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201)).toEqual(Array(answers.length - 1).fill(409));
    for (const loser of answers.filter((a) => a.status === 409)) expect(validError(loser.body)).toBe(true);
  };

  it('one component name per VersionSet', async () => {
    const { id } = await client.newPackage('>=1.0.0');
    expectOneWinner(await race(16, (via) => via.send('POST', `/packages/${id}/versionsets/1/components`, { body: component('controller') })));
    expect(await created(id, 'catalog.ComponentCreated')).toHaveLength(1);
  });

  it('one primary component per VersionSet', async () => {
    const { id } = await client.newPackage('>=1.0.0');
    const answers = await race(16, (via, i) => via.send('POST', `/packages/${id}/versionsets/1/components`, { body: component(`part-${i}`, { primary: true }) }));
    expectOneWinner(answers);
    const events = await created(id, 'catalog.ComponentCreated');
    expect(events.map((e) => e.data.primary)).toEqual([true]);
  });

  it('one release per SemVer precedence (1.2.0, v1.2.0, 1.2.0+build.N collide)', async () => {
    const { id } = await client.newPackage('>=1.0.0');
    const spelling = (i: number) => [`1.2.0`, `v1.2.0`, `1.2.0+build.${i}`, `v1.2.0+b${i}`][i % 4] as string;
    expectOneWinner(await race(16, (via, i) => via.send('POST', `/packages/${id}/releases`, { body: { version: spelling(i) } })));
    expect(await created(id, 'catalog.ReleaseCreated')).toHaveLength(1);
  });

  it('distinct components and releases written at once are all accepted (lost races are re-decided)', async () => {
    const { id } = await client.newPackage('>=1.0.0');
    const answers = await race(12, (via, i) =>
      i % 3 === 0
        ? via.send('POST', `/packages/${id}/releases`, { body: { version: `1.${i}.0` } })
        : via.send('POST', `/packages/${id}/versionsets/1/components`, { body: component(`part-${i}`) }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const last = answers.reduce((a, b) => (Number(a.headers.get('x-consistency-token')) > Number(b.headers.get('x-consistency-token')) ? a : b));
    expect(await listed(`/packages/${id}/versionsets/1/components`, last)).toHaveLength(8);
    expect(await listed(`/packages/${id}/releases`, last)).toEqual(['1.9.0', '1.6.0', '1.3.0', '1.0.0']);
  });
});
