import { randomUUID } from 'node:crypto';
import { startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import { reader, seedSchema, type Get } from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { catalogEvent, newPackageId, packageFields } from '../../apps/projection-service/src/testing/event.factories.js';

// Point-in-time reads of components and releases (SPEC §4.6): after every event of a package's life
// the live answer of each route is recorded; `as_of=<that event's position>` must then give the same
// answer — status, ETag and body — however much happened since, deletes included.
const validComponent = seedSchema('PackageComponent');
const validRelease = seedSchema('PackageRelease');

let app: QueryApp;
let get: Get;

beforeAll(async () => {
  app = await startQueryApp();
  get = reader(app, await app.token('viewer'));
});
afterAll(async () => app?.close());

type Seen = { status: number; etag: string | null; body: unknown };

// By id: an alias names the package that holds it now, and this one's is gone with it at the end.
const routes = (id: string): string[] => [
  `/packages/${id}/versionsets/1/components`,
  `/packages/${id}/versionsets/2/components?page_size=1`,
  `/packages/${id}/versionsets/1/components/controller`,
  `/components/${id}:2:webhook`,
  `/packages/${id}/releases`,
  `/packages/${id}/releases?prerelease=true&page_size=2`,
  `/packages/${id}/releases?version_constraint=${encodeURIComponent('>=1.0.0')}&versionset=1&prerelease=true`,
  `/packages/${id}/releases/latest`,
  `/packages/${id}/releases/1.0.0/`,
  `/packages/${id}/releases/v1.5.0-rc.1/`,
  `/releases/${id}@2.1.0`,
  `/packages/${id}/versionsets/1/releases?prerelease=true`,
  `/packages/${id}/versionsets/2/releases`,
];

const withAsOf = (path: string, asOf: string): string => `${path}${path.includes('?') ? '&' : '?'}as_of=${encodeURIComponent(asOf)}`;

async function read(path: string, after?: number): Promise<Seen> {
  const answer = await get(path, after);
  return { status: answer.status, etag: answer.headers.get('etag'), body: answer.body };
}

describe('as_of on component and release reads', () => {
  it('answers every route exactly as it answered after each event of the package, deletes included', async () => {
    const id = newPackageId();
    const alias = `pit-${randomUUID().slice(0, 8)}`;
    const events: [string, object][] = [
      ['PackageCreated', packageFields(id, { aliases: [alias] })],
      ['VersionSetCreated', { package: id, number: 1, version_constraint: '>=1.0.0 <2.0.0' }],
      ['ComponentCreated', { package: id, versionset_number: 1, name: 'controller', title: 'Controller', primary: true }],
      ['ReleaseCreated', { package: id, version: '1.0.0', changes: [{ kind: 'added', description: 'First' }] }],
      ['ReleaseCreated', { package: id, version: 'v1.5.0-rc.1', changes: [] }],
      ['VersionSetCreated', { package: id, number: 2, version_constraint: '>=2.0.0' }],
      ['ComponentCreated', { package: id, versionset_number: 2, name: 'webhook', title: 'Webhook', primary: false, description: 'Admission' }],
      ['ComponentCreated', { package: id, versionset_number: 2, name: 'cainjector', title: 'CA injector', primary: true }],
      ['ReleaseCreated', { package: id, version: '2.1.0', released_on: '2026-01-02T03:04:05Z', changes: [] }],
      ['ComponentUpdated', { package: id, versionset_number: 1, name: 'controller', title: 'The controller', primary: true, description: 'Reconciles' }],
      ['VersionSetUpdated', { package: id, number: 1, version_constraint: '>=1.0.0 <1.2.0' }],
      ['ReleaseDeleted', { package: id, version: '1.0.0' }],
      ['VersionSetDeleted', { package: id, number: 2 }],
      ['PackageDeleted', { id }],
    ];
    const seen: { seq: number; answers: Map<string, Seen> }[] = [];
    for (const event of events) {
      const [seq] = await app.publish([catalogEvent(event[0], id, event[1])]);
      const answers = new Map<string, Seen>();
      for (const path of routes(id)) answers.set(path, await read(path, seq));
      seen.push({ seq: seq as number, answers });
    }
    // The life above went through 200s and 404s on every route.
    for (const path of routes(id)) {
      const statuses = new Set(seen.map(({ answers }) => answers.get(path)?.status));
      expect([path, [...statuses].sort()]).toEqual([path, [200, 404]]);
    }
    for (const { seq, answers } of seen) {
      for (const [path, live] of answers) {
        const then = await read(withAsOf(path, String(seq)));
        expect([seq, path, then]).toEqual([seq, path, live]);
        if (then.status !== 200) continue;
        const body = then.body as { data?: unknown[] };
        const valid = path.includes('component') ? validComponent : validRelease;
        for (const item of body.data ?? [then.body]) expect(valid(item)).toBe(true);
      }
    }
  });

  it('answers 404 before the package existed, and 400 for a malformed as_of or one past the stream’s end', async () => {
    const id = newPackageId();
    const alias = `pit-${randomUUID().slice(0, 8)}`;
    const [before] = await app.publish([catalogEvent('PackageCreated', newPackageId(), packageFields(newPackageId()))]);
    const [created] = await app.publish([catalogEvent('PackageCreated', id, packageFields(id, { aliases: [alias] }))]);
    expect((await read(withAsOf(`/packages/${id}/releases`, String(before)), created)).status).toBe(404);
    expect((await read(withAsOf(`/packages/${id}/releases`, String(created)))).status).toBe(200);
    // A live package's alias reads as its id does.
    expect(await read(withAsOf(`/packages/${alias}/releases`, String(created)))).toEqual(await read(withAsOf(`/packages/${id}/releases`, String(created))));
    for (const asOf of ['yesterday', '0', String((created as number) + 1_000_000)]) {
      for (const path of [`/packages/${id}/releases/latest`, `/components/${alias}:1:x`, `/packages/${id}/versionsets/1/components`]) {
        const answer = await read(withAsOf(path, asOf));
        expect([path, asOf, answer.status, (answer.body as { errors?: { location?: string }[] }).errors?.[0]?.location]).toEqual([path, asOf, 400, 'query.as_of']);
      }
    }
  });
});
