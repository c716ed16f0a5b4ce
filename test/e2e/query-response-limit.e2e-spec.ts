import { startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import { badRequest, createAccountPackages, invalidParam, newAccount, reader } from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { catalogEvent, newPackageId, packageFields } from '../../apps/projection-service/src/testing/event.factories.js';

const LIMIT = 64 * 1024;
let app: QueryApp;

beforeAll(async () => {
  app = await startQueryApp({ responseLimitBytes: LIMIT });
});
afterAll(async () => app?.close());

/** ~35 KB of images: two such packages make a page over the 64 KiB limit, one does not. */
const bulky = () => ({
  images: Array.from({ length: 200 }, (_, i) => ({ imagePath: `/netapp/astra/${i}`, imageName: `image-${i}-${'n'.repeat(40)}`, imageTag: '22.07', imageDigest: `sha256:${'b'.repeat(64)}` })),
});


describe('list responses over RESPONSE_LIMIT_BYTES', () => {
  it('account packages: 400 problem 5 at limit, while a smaller page or fewer include paths answer', async () => {
    const account = await newAccount(app);
    const { last } = await createAccountPackages(app, account, [bulky(), bulky(), bulky()]);
    const whole = await account.get('', last);
    expect(whole.status).toBe(400);
    expect(whole.body).toEqual(invalidParam('limit', expect.stringMatching(/^the page would be \d+ bytes, over the response limit of 65536; ask for fewer items$/)));
    const one = await account.get('?limit=1');
    expect([one.status, (one.body as { items: unknown[] }).items.length]).toEqual([200, 1]);
    const ids = await account.get('?include=id');
    expect([ids.status, (ids.body as { items: unknown[] }).items.length]).toEqual([200, 3]);
  });

  it('catalog packages: 400 in the catalog error format at page_size', async () => {
    const ids = [newPackageId(), newPackageId(), newPackageId()];
    const seqs = await app.publish(ids.map((id) => catalogEvent('PackageCreated', id, packageFields(id, { description: 'd'.repeat(30_000) }))));
    const get = reader(app, await app.token('viewer'));
    const whole = await get('/packages', seqs.at(-1));
    expect(whole.status).toBe(400);
    expect(whole.body).toEqual(badRequest('query.page_size', expect.stringMatching(/^the page would be \d+ bytes, over the response limit of 65536; ask for fewer items$/) as unknown as string));
    const small = await get('/packages?page_size=1');
    expect([small.status, (small.body as { data: unknown[] }).data.length]).toEqual([200, 1]);
  });
});
