import { randomUUID } from 'node:crypto';
import { call as rawCall, startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import {
  astraProblem as problem,
  collectionNotFound,
  createAccountPackages,
  newAccount as freshAccount,
  TRANSITIONS,
  type Account,
} from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { accountEvent, accountResource } from '../../apps/projection-service/src/testing/event.factories.js';
import { checked } from './support/vendor-check.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SYSTEM = '00000000-0000-0000-0000-000000000000';

let app: QueryApp;

beforeAll(async () => {
  app = await startQueryApp();
});
afterAll(async () => app?.close());

const newAccount = (): Promise<Account> => freshAccount(app);
const createPackages = (account: Account, overrides: Record<string, unknown>[]) => createAccountPackages(app, account, overrides);

describe('GET …/packages/{package_id}', () => {
  it('answers the stored resource with the fixed packageStateTransitions and the ETag, in the type Accept asks for', async () => {
    const account = await newAccount();
    const id = randomUUID();
    const resource = accountResource(account.id, id, { bundleName: ['acc'] });
    const [, changed] = await app.publish([
      accountEvent('PackageCreated', account.id, id, resource),
      accountEvent('PackageStateChanged', account.id, id, {
        from: 'verifying', to: 'available', packageStateDetails: [], labels: [{ name: 'tier', value: 'gold' }],
      }, { actor: SYSTEM }),
    ]);
    const answer = await account.get(`/${id}`, changed);
    expect([answer.status, answer.headers.get('etag'), answer.headers.get('content-type')]).toEqual([200, `"${changed}"`, 'application/astra-package+json; charset=utf-8']);
    const body = answer.body as Record<string, unknown> & { metadata: Record<string, unknown> };
    expect(body).toEqual({
      ...resource,
      packageState: 'available',
      packageStateTransitions: TRANSITIONS,
      metadata: { ...(resource.metadata as object), labels: [{ name: 'tier', value: 'gold' }], modificationTimestamp: expect.stringMatching(TIMESTAMP), modifiedBy: SYSTEM },
    });
    const keys = Object.keys(body);
    expect(keys[keys.indexOf('packageState') + 1]).toBe('packageStateTransitions');
    expect([body.type, body.version, body.id]).toEqual(['application/astra-package', '1.0', id]);
    expect(body.metadata.creationTimestamp).toMatch(TIMESTAMP);
    // NetApp's curl examples send Accept: */*; a client may still prefer application/json.
    const any = await account.get(`/${id}`, changed, { accept: '*/*' });
    expect([any.headers.get('content-type'), any.body]).toEqual(['application/astra-package+json; charset=utf-8', body]);
    const json = await account.get(`/${id}`, changed, { accept: 'application/json' });
    expect([json.headers.get('content-type'), json.body]).toEqual(['application/json; charset=utf-8', body]);
  });

  it('answers 304 to a matching If-None-Match and HEAD without a body', async () => {
    const account = await newAccount();
    const { ids: [id], last } = await createPackages(account, [{}]);
    const cached = await account.get(`/${id}`, last, { 'if-none-match': `"${last}"` });
    expect([cached.status, cached.text, cached.headers.get('etag')]).toEqual([304, '', `"${last}"`]);
    const head = await account.get(`/${id}`, last, {}, 'HEAD');
    expect([head.status, head.text, head.headers.get('etag')]).toEqual([200, '', `"${last}"`]);
  });

  it('answers problem 2 for unknown, malformed and deleted packages', async () => {
    const account = await newAccount();
    const { ids: [id] } = await createPackages(account, [{}]);
    const [deleted] = await app.publish([accountEvent('PackageDeleted', account.id, id!, { id })]);
    for (const ref of [id!, randomUUID(), 'NOT-A-UUID', id!.toUpperCase()]) {
      const answer = await account.get(`/${ref}`, deleted);
      expect([answer.status, answer.headers.get('content-type'), answer.body]).toEqual([
        404,
        'application/problem+json; charset=utf-8',
        collectionNotFound,
      ]);
    }
  });
});

describe('auth and account isolation', () => {
  it('checks token (401) → account (404 problem 2, never data) in that order, and lets `*` reach any account', async () => {
    const call = async (base: string, path: string, options: Parameters<typeof rawCall>[2] = {}) => checked('GET', path, options.headers, await rawCall(base, path, options));
    const owner = await newAccount();
    const { ids: [id], last } = await createPackages(owner, [{}]);
    const stranger = await app.token('owner', [randomUUID()]);
    const base = `/accounts/${owner.id}/core/v1/packages`;
    for (const path of [base, `${base}/${id}`, `${base}/${id}/history`, `${base}?bogus=1`]) {
      const foreign = await call(app.baseUrl, path, { token: stranger, headers: { 'x-consistency-token': String(last) } });
      expect([foreign.status, foreign.body]).toEqual([404, collectionNotFound]);
      const anonymous = await call(app.baseUrl, path);
      expect([anonymous.status, anonymous.body]).toEqual([401, problem(3, 401, 'Missing bearer token', 'The request is missing the required bearer token.')]);
      const forged = await call(app.baseUrl, path, { token: `${owner.token}x` });
      expect([forged.status, (forged.body as { type: string }).type]).toEqual([401, 'https://astra.netapp.io/problems/4']);
    }
    const malformedAccount = await call(app.baseUrl, '/accounts/NOT-AN-ACCOUNT/core/v1/packages', { token: await app.token('viewer', ['*']) });
    expect([malformedAccount.status, malformedAccount.body]).toEqual([404, collectionNotFound]);
    const everyAccount = await call(app.baseUrl, `${base}/${id}`, { token: await app.token('viewer', ['*']), headers: { 'x-consistency-token': String(last) } });
    expect(everyAccount.status).toBe(200);
  });
});

describe('GET …/packages/{package_id}/history', () => {
  it('answers the CloudEvents oldest first, paged, readable after a delete; unknown → problem 2', async () => {
    const account = await newAccount();
    const id = randomUUID();
    const events = [
      accountEvent('PackageCreated', account.id, id, accountResource(account.id, id)),
      accountEvent('PackageStateChanged', account.id, id, { from: 'verifying', to: 'corrupt', packageStateDetails: [], labels: [] }),
      accountEvent('PackageDeleted', account.id, id, { id }),
    ];
    const seqs = await app.publish(events);
    expect((await account.get(`/${id}`, seqs[2])).status).toBe(404);
    const first = await account.get(`/${id}/history?limit=2`, seqs[2], { accept: 'application/astra-package+json' });
    const body = first.body as { items: unknown[]; metadata: { continue: string } };
    expect([first.status, first.headers.get('content-type'), body.items]).toEqual([200, 'application/astra-package+json; charset=utf-8', events.slice(0, 2).map((e) => e.event)]);
    // Padded standard base64, as the list's tokens.
    expect(body.metadata.continue).toMatch(/^([A-Za-z0-9+/]{4})*(([A-Za-z0-9+/]{2})==|([A-Za-z0-9+/]{3})=)?$/);
    const rest = await account.get(`/${id}/history?limit=2&continue=${encodeURIComponent(body.metadata.continue)}`);
    expect([rest.headers.get('content-type'), rest.body]).toEqual(['application/json; charset=utf-8', { items: [events[2]!.event], metadata: {} }]);
    expect((await account.get(`/${randomUUID()}/history`)).body).toEqual(collectionNotFound);
    const other = await newAccount();
    expect((await other.get(`/${id}/history`)).status).toBe(404);
  });
});
