// Point-in-time reads (SPEC §4.6) over real NATS, Postgres and HTTP: every earlier state of a
// catalog package, its VersionSets and an account package, by stream position and by time, with
// the ETag of then; 404 before creation and after deletion; 400 in each family's format.
import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats, { type FormatsPlugin } from 'ajv-formats';
import { queryOpenApi } from '../../apps/projection-service/src/openapi/query.routes.js';
import { startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import { badRequest, newAccount, reader, seedSchema, TRANSITIONS, type Get } from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { accountEvent, accountResource, catalogEvent, newPackageId, packageFields } from '../../apps/projection-service/src/testing/event.factories.js';

const validPackage = seedSchema('Package');
const validVersionSet = seedSchema('PackageVersionSet');
const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as unknown as FormatsPlugin;
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
ajv.addSchema({ $id: 'https://register.test/query.json', components: queryOpenApi().components });
const validAstraPackage = ajv.compile({ $ref: 'https://register.test/query.json#/components/schemas/AstraPackage' });

let app: QueryApp;
let get: Get;

beforeAll(async () => {
  app = await startQueryApp();
  get = reader(app, await app.token('viewer'));
});
afterAll(async () => app?.close());

/** Event times one minute apart on a day of their own, so times between events are easy to name. */
const minute = (day: string, n: number, ms = 0): string => new Date(Date.parse(`${day}T10:00:00.000Z`) + n * 60_000 + ms).toISOString();
const randomDay = (): string => `20${10 + Math.floor(Math.random() * 15)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;

/** A package created, edited 5 times (with VersionSets along the way), then deleted. */
async function editedFiveTimes() {
  const day = randomDay();
  const id = newPackageId();
  const alias = `pit-${randomUUID().slice(0, 8)}`;
  const titles = ['Created', 'Edit 1', 'Edit 2', 'Edit 3', 'Edit 4', 'Edit 5'];
  const versions = titles.map((title, i) => packageFields(id, { title, aliases: [alias], ...(i === 3 && { description: undefined }) }));
  const editor = (i: number) => ({ actor: `editor-${i}`, time: minute(day, i * 2) });
  const events = [
    // Another aggregate's event first: a position before the package's creation.
    catalogEvent('PackageCreated', newPackageId(), packageFields(newPackageId())),
    catalogEvent('PackageCreated', id, versions[0]!, editor(0)),
    catalogEvent('PackageUpdated', id, versions[1]!, editor(1)),
    catalogEvent('VersionSetCreated', id, { package: id, number: 1, version_constraint: '>=1.0 <2' }, { actor: 'vs', time: minute(day, 3) }),
    catalogEvent('PackageUpdated', id, versions[2]!, editor(2)),
    catalogEvent('VersionSetCreated', id, { package: id, number: 2, version_constraint: '>=2.0.0' }, { actor: 'vs', time: minute(day, 5) }),
    catalogEvent('PackageUpdated', id, versions[3]!, editor(3)),
    catalogEvent('VersionSetUpdated', id, { package: id, number: 1, version_constraint: '>=1.0 <1.5' }, { actor: 'vs2', time: minute(day, 7) }),
    catalogEvent('PackageUpdated', id, versions[4]!, editor(4)),
    catalogEvent('VersionSetDeleted', id, { package: id, number: 2 }, { actor: 'vs3', time: minute(day, 9) }),
    catalogEvent('PackageUpdated', id, versions[5]!, editor(5)),
    catalogEvent('PackageDeleted', id, { id }, { time: minute(day, 12) }),
  ];
  const seqs = await app.publish(events);
  return { day, id, alias, titles, versions, events, seqs };
}

describe('as_of on GET /packages/{package}/', () => {
  it('answers each of 6 states of a package edited 5 times, by position and by time, with the ETag of then; 404 before and after', async () => {
    const { day, id, titles, versions, seqs } = await editedFiveTimes();
    const edits = [1, 2, 4, 6, 8, 10]; // indexes of PackageCreated and the 5 PackageUpdated
    for (const [n, index] of edits.entries()) {
      const expected = {
        $schema: `${app.baseUrl}/schemas/Package.json`,
        id,
        title: titles[n],
        system: 'helm',
        aliases: versions[n]!.aliases,
        ...(versions[n]!.description !== undefined && { description: versions[n]!.description }),
        versioning: versions[n]!.versioning,
        created_by: 'editor-0',
        created_on: minute(day, 0),
        last_modified_by: `editor-${n}`,
        last_modified_on: minute(day, n * 2),
      };
      // Its position, its time, and the last millisecond before the package's next event.
      for (const asOf of [String(seqs[index]), minute(day, n * 2), minute(day, n * 2 + 1, -1)]) {
        const answer = await get(`/packages/${id}/?as_of=${encodeURIComponent(asOf)}`, seqs.at(-1));
        expect([n, asOf, answer.status, answer.headers.get('etag')]).toEqual([n, asOf, 200, `"${seqs[index]}"`]);
        expect(validPackage(answer.body)).toBe(true);
        expect(answer.body).toEqual(expected);
      }
    }
    // A VersionSet event is an event of the package too: it moves the version and last_modified_*.
    const afterSet = await get(`/packages/${id}/?as_of=${seqs[3]}`);
    expect([afterSet.headers.get('etag'), afterSet.body]).toEqual([`"${seqs[3]}"`, expect.objectContaining({ title: 'Edit 1', last_modified_by: 'vs', last_modified_on: minute(day, 3) })]);
    const notFound = [String(seqs[0]), minute(day, 0, -1), '1970-01-01T00:00:00Z', String(seqs[11]), minute(day, 12), '9999-12-31T23:59:59.999Z'];
    for (const asOf of notFound) {
      const answer = await get(`/packages/${id}?as_of=${encodeURIComponent(asOf)}`);
      expect([asOf, answer.status, (answer.body as { title: string }).title]).toEqual([asOf, 404, 'Not Found']);
    }
    expect((await get(`/packages/${id}/`)).status).toBe(404);
  });

  it('accepts any RFC 3339 offset and fraction, honours If-None-Match and the consistency token, resolves a live alias', async () => {
    const day = randomDay();
    const id = newPackageId();
    const alias = `pit-${randomUUID().slice(0, 8)}`;
    const fields = packageFields(id, { aliases: [alias] });
    const seqs = await app.publish([
      catalogEvent('PackageCreated', id, fields, { time: minute(day, 0) }),
      catalogEvent('PackageUpdated', id, { ...fields, title: 'Later' }, { time: minute(day, 10) }),
    ]);
    const at = (asOf: string) => get(`/packages/${alias}/?as_of=${encodeURIComponent(asOf)}`, seqs[1]);
    const oneMinuteIn = minute(day, 1);
    for (const asOf of [oneMinuteIn, oneMinuteIn.replace('T', 't').replace('Z', 'z'), `${day}T12:01:00+02:00`, `${day}T09:31:00.123456789-00:30`]) {
      const answer = await at(asOf);
      expect([asOf, answer.status, answer.headers.get('etag'), (answer.body as { title: string }).title]).toEqual([asOf, 200, `"${seqs[0]}"`, fields.title]);
    }
    expect((await get(`/packages/${id}?as_of=${seqs[0]}`, undefined, { 'if-none-match': `"${seqs[0]}"` })).status).toBe(304);
    expect((await get(`/packages/${id}?as_of=${minute(day, 10)}`)).headers.get('etag')).toBe(`"${seqs[1]}"`);
    // Events recorded after a first point-in-time read are folded by the next one.
    const [third] = await app.publish([catalogEvent('PackageUpdated', id, { ...fields, title: 'Latest' }, { time: minute(day, 20) })]);
    for (const asOf of [String(third), minute(day, 20), '9999-12-31T23:59:59Z']) {
      const answer = await get(`/packages/${id}?as_of=${encodeURIComponent(asOf)}`, third);
      expect([asOf, answer.headers.get('etag'), (answer.body as { title: string }).title]).toEqual([asOf, `"${third}"`, 'Latest']);
    }
    expect((await get(`/packages/${id}?as_of=${minute(day, 19)}`)).body).toEqual(expect.objectContaining({ title: 'Later' }));
  });

  it.each([
    ['yesterday'], ['2026-13-01T00:00:00Z'], ['2026-02-29T00:00:00Z'], ['2026-01-01T24:00:00Z'], ['2026-01-01T00:00:00'],
    ['2026-01-01 00:00:00Z'], ['2026-01-01T00:00:00+24:00'], ['0'], ['-1'], ['1.5'], ['99999999999999999999'], [''], ['2026-01-01T00:00:00 02:00'],
  ])('answers as_of=%s with 400 at query.as_of', async (asOf) => {
    const id = newPackageId();
    const [seq] = await app.publish([catalogEvent('PackageCreated', id, packageFields(id))]);
    for (const path of [`/packages/${id}/`, `/packages/${id}/versionsets`, `/packages/${id}/versionsets/1/`, `/versionsets/${id}:1`]) {
      const answer = await get(`${path}?as_of=${encodeURIComponent(asOf)}`, seq);
      expect([path, answer.status, (answer.body as { errors: { location: string }[] }).errors?.[0]?.location]).toEqual([path, 400, 'query.as_of']);
    }
  });

  it('answers a position past the stream\'s end with 400 at once, as for a consistency token', async () => {
    const id = newPackageId();
    const [seq] = await app.publish([catalogEvent('PackageCreated', id, packageFields(id))]);
    const past = String(seq! + 1000);
    const answer = await get(`/packages/${id}/?as_of=${past}`, seq);
    expect([answer.status, answer.body]).toEqual([400, badRequest('query.as_of', 'is a position beyond the end of the event stream', past)]);
    expect((await get(`/packages/${id}/versionsets?as_of=${past}`)).status).toBe(400);
  });
});

describe('as_of on VersionSet reads', () => {
  it('answers the list, the holder of a version and each VersionSet as they were, with the package\'s version then', async () => {
    const { id, alias, seqs } = await editedFiveTimes();
    const list = async (asOf: number, query = '') => (await get(`/packages/${id}/versionsets?as_of=${asOf}${query}`, seqs.at(-1))).body as { data: Record<string, unknown>[] };
    const numbers = async (asOf: number) => (await list(asOf)).data.map((set) => `${String(set.number)} ${String(set.version_constraint)}`);
    expect(await numbers(seqs[2]!)).toEqual([]);
    expect(await numbers(seqs[3]!)).toEqual(['1 >=1.0 <2']);
    expect(await numbers(seqs[6]!)).toEqual(['1 >=1.0 <2', '2 >=2.0.0']);
    expect(await numbers(seqs[7]!)).toEqual(['1 >=1.0 <1.5', '2 >=2.0.0']);
    expect(await numbers(seqs[10]!)).toEqual(['1 >=1.0 <1.5']);
    expect((await list(seqs[6]!, '&version=1.7.0')).data.map((set) => set.number)).toEqual([1]);
    expect((await list(seqs[7]!, '&version=1.7.0')).data).toEqual([]);
    const first = await get(`/packages/${id}/versionsets?as_of=${seqs[6]}&page_size=1`);
    const token = (first.body as { continuation_token: string }).continuation_token;
    expect((await get(`/packages/${id}/versionsets?as_of=${seqs[6]}&page_size=1&continuation_token=${token}`)).body).toEqual({ data: [expect.objectContaining({ number: 2 })] });
    for (const path of [`/packages/${id}/versionsets/2/`, `/versionsets/${id}:2`]) {
      const then = await get(`${path}?as_of=${seqs[8]}`);
      expect([then.status, then.headers.get('etag'), validVersionSet(then.body)]).toEqual([200, `"${seqs[8]}"`, true]);
      expect(then.body).toEqual({ $schema: `${app.baseUrl}/schemas/PackageVersionSet.json`, package: id, number: 2, version_constraint: '>=2.0.0', created_by: 'vs', created_on: expect.any(String), last_modified_by: 'vs', last_modified_on: expect.any(String) });
      expect((await get(`${path}?as_of=${seqs[9]}`)).status).toBe(404);
      expect((await get(`${path}?as_of=${seqs[4]}`)).status).toBe(404);
    }
    const updated = (await get(`/packages/${id}/versionsets/1?as_of=${seqs[7]}`)).body as Record<string, unknown>;
    expect([updated.created_by, updated.last_modified_by, updated.version_constraint]).toEqual(['vs', 'vs2', '>=1.0 <1.5']);
    // The alias was freed by the delete: it names no package any more, at any point.
    expect((await get(`/packages/${alias}/versionsets?as_of=${seqs[6]}`)).status).toBe(404);
    expect((await get(`/packages/${id}/versionsets?as_of=${seqs[11]}`)).status).toBe(404);
  });
});

describe('asOf on GET /accounts/{account_id}/core/v1/packages/{package_id}', () => {
  it('answers each state of the package\'s transitions, by position and by time; problem 2 before and after', async () => {
    const account = await newAccount(app);
    const day = randomDay();
    const id = randomUUID();
    // Actors are tokens' subjects: UUIDs, as NetApp's document types createdBy and modifiedBy.
    const CREATOR = randomUUID();
    const OPERATORS = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const resource = accountResource(account.id, id, { metadata: { labels: [], creationTimestamp: minute(day, 0), modificationTimestamp: minute(day, 0), createdBy: CREATOR } });
    const moves = [
      { from: 'verifying', to: 'corrupt', packageStateDetails: [{ type: 'parse', title: 'Corrupt', detail: 'bad yaml' }], labels: [] },
      { from: 'corrupt', to: 'incomplete', packageStateDetails: [{ type: 'deps', title: 'Incomplete', detail: 'missing image' }], labels: [{ name: 'tier', value: 'b' }] },
      { from: 'incomplete', to: 'available', packageStateDetails: [], labels: [{ name: 'tier', value: 'a' }] },
      { from: 'available', to: 'available', packageStateDetails: [{ type: 'note', title: 'Checked', detail: 'again' }], labels: [] },
    ];
    const seqs = await app.publish([
      accountEvent('PackageCreated', account.id, id, resource, { time: minute(day, 0), actor: CREATOR }),
      ...moves.map((move, i) => accountEvent('PackageStateChanged', account.id, id, move, { time: minute(day, i + 1), actor: OPERATORS[i] })),
      accountEvent('PackageDeleted', account.id, id, { id }, { time: minute(day, 5) }),
    ]);
    const states = [{ state: 'verifying', details: [], labels: [] as unknown[] }, ...moves.map((m) => ({ state: m.to, details: m.packageStateDetails, labels: m.labels as unknown[] }))];
    for (const [n, then] of states.entries()) {
      for (const asOf of [String(seqs[n]), minute(day, n), minute(day, n, 59_999)]) {
        const answer = await account.get(`/${id}?asOf=${encodeURIComponent(asOf)}`, seqs.at(-1));
        expect([n, asOf, answer.status, answer.headers.get('etag')]).toEqual([n, asOf, 200, `"${seqs[n]}"`]);
        expect(validAstraPackage(answer.body)).toBe(true);
        const body = answer.body as Record<string, unknown> & { metadata: Record<string, unknown> };
        expect([body.id, body.packageState, body.packageStateDetails, body.packageStateTransitions, body.metadata.labels]).toEqual([id, then.state, then.details, TRANSITIONS, then.labels]);
        expect([body.metadata.modificationTimestamp, body.metadata.modifiedBy]).toEqual(n === 0 ? [minute(day, 0), undefined] : [minute(day, n), OPERATORS[n - 1]]);
      }
    }
    for (const asOf of [minute(day, 0, -1), String(seqs[5]), minute(day, 5)]) {
      const answer = await account.get(`/${id}?asOf=${encodeURIComponent(asOf)}`);
      expect([asOf, answer.status, (answer.body as { type: string }).type]).toEqual([asOf, 404, 'https://astra.netapp.io/problems/2']);
    }
    const other = await newAccount(app);
    expect((await other.get(`/${id}?asOf=${seqs[1]}`)).status).toBe(404);
  });

  it('answers a malformed asOf or one past the stream\'s end with problem 5 naming asOf; as_of is not its name', async () => {
    const account = await newAccount(app);
    const id = randomUUID();
    const [seq] = await app.publish([accountEvent('PackageCreated', account.id, id, accountResource(account.id, id))]);
    for (const asOf of ['yesterday', '2026-02-30T00:00:00Z', String(seq! + 1000), '0']) {
      const answer = await account.get(`/${id}?asOf=${encodeURIComponent(asOf)}`, seq);
      const body = answer.body as { type: string; status: string; invalidParams: { name: string }[] };
      expect([asOf, answer.status, body.type, body.status, body.invalidParams.map((p) => p.name)]).toEqual([asOf, 400, 'https://astra.netapp.io/problems/5', '400', ['asOf']]);
    }
    const wrongName = await account.get(`/${id}?as_of=${seq}`);
    expect([wrongName.status, (wrongName.body as { type: string }).type]).toEqual([400, 'https://astra.netapp.io/problems/6']);
  });
});
