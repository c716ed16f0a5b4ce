import { randomUUID } from 'node:crypto';
import { startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import {
  astraProblem,
  badRequest,
  createAccountPackages,
  invalidParam,
  newAccount,
  reader,
  seedCatalogPackage,
  type Get,
} from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { accountEvent, accountResource, catalogEvent, newPackageId, packageFields } from '../../apps/projection-service/src/testing/event.factories.js';

const WAIT_MS = 1500;
let app: QueryApp;
let get: Get;

beforeAll(async () => {
  app = await startQueryApp({ consistencyWaitMs: WAIT_MS });
  get = reader(app, await app.token('viewer'));
});
afterAll(async () => app?.close());

describe('X-Consistency-Token on catalog routes', () => {
  it('answers a malformed token or one beyond the stream end with 400 at once', async () => {
    const { id, last } = await seedCatalogPackage(app);
    const malformed = await get(`/packages/${id}/`, undefined, { 'x-consistency-token': 'abc' });
    expect([malformed.status, malformed.body]).toEqual([400, badRequest('header.x-consistency-token', 'The consistency token is malformed.', 'abc')]);
    const beyond = await get(`/packages/${id}/`, last + 1000);
    expect([beyond.status, beyond.body]).toEqual([
      400,
      badRequest('header.x-consistency-token', `The consistency token is beyond the end of the event stream (${last}).`, String(last + 1000)),
    ]);
  });

  it('resolves a token of the other family or of an event no read model uses', async () => {
    const { id } = await seedCatalogPackage(app);
    const accountId = randomUUID();
    const packageId = randomUUID();
    const [accounts, unknown] = await app.publish([
      accountEvent('PackageCreated', accountId, packageId, accountResource(accountId, packageId)),
      catalogEvent('PackageArchived', id, { id }),
    ]);
    expect((await get(`/packages/${id}/`, accounts)).status).toBe(200);
    expect((await get('/packages?page_size=1', unknown)).status).toBe(200);
  });
});

describe('X-Consistency-Token on account routes', () => {
  it('answers a malformed token or one beyond the stream end with problem 5', async () => {
    const account = await newAccount(app);
    const { last } = await createAccountPackages(app, account, [{}]);
    const malformed = await account.get('', undefined, { 'x-consistency-token': '-1' });
    expect([malformed.status, malformed.body]).toEqual([400, invalidParam('header.x-consistency-token', 'The consistency token is malformed.')]);
    const beyond = await account.get('', last + 500);
    expect([beyond.status, beyond.body]).toEqual([
      400,
      invalidParam('header.x-consistency-token', `The consistency token is beyond the end of the event stream (${last}).`),
    ]);
  });

  it('resolves a token of the catalog family or of an event no read model uses', async () => {
    const account = await newAccount(app);
    const pkg = newPackageId();
    const [catalog, unknown] = await app.publish([
      catalogEvent('PackageCreated', pkg, packageFields(pkg)),
      accountEvent('PackageArchived', account.id, randomUUID(), {}),
    ]);
    expect((await account.get('', catalog)).status).toBe(200);
    expect((await account.get('', unknown)).body).toEqual({ type: 'application/astra-packages', version: '1.0', items: [], metadata: {} });
  });
});

// Last: it stops the projector for the rest of the file.
describe('a token the read models do not reach in time', () => {
  it('answers 503 with Retry-After in both families', async () => {
    const { id } = await seedCatalogPackage(app);
    const account = await newAccount(app);
    await app.stopProjector();
    const [unreached] = await app.publish([catalogEvent('PackageUpdated', id, packageFields(id, { title: 'Later' }))]);
    const detail = `The read models have not reached position ${unreached} within ${WAIT_MS} ms; retry later.`;
    const [catalog, accounts] = await Promise.all([get(`/packages/${id}/`, unreached), account.get('', unreached)]);
    expect([catalog.status, catalog.headers.get('retry-after'), catalog.body]).toEqual([503, '1', { status: 503, title: 'Service Unavailable', detail }]);
    expect([accounts.status, accounts.headers.get('retry-after'), accounts.body]).toEqual([
      503,
      '1',
      astraProblem(41, 503, 'Service unavailable', 'The service is temporarily unavailable.'),
    ]);
  });
});
