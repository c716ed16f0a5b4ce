import { startQueryApp, type Answer, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import {
  astraProblem as problem,
  createAccountPackages,
  invalidParam,
  newAccount as freshAccount,
  TRANSITIONS,
  type Account,
} from '../../apps/projection-service/src/query/testing/query-fixtures.js';

let app: QueryApp;

beforeAll(async () => {
  app = await startQueryApp();
});
afterAll(async () => app?.close());

const newAccount = (): Promise<Account> => freshAccount(app);
const createPackages = (account: Account, overrides: Record<string, unknown>[]) => createAccountPackages(app, account, overrides);

describe('GET …/packages (list)', () => {
  type ListBody = { type: string; version: string; items: Record<string, unknown>[]; metadata: { continue?: string; count?: number } };
  const versions = (answer: Answer) => (answer.body as ListBody).items.map((item) => item.packageVersion);

  async function versionedAccount() {
    const account = await newAccount();
    const states = ['available', 'verifying', 'corrupt', 'available'];
    const written = ['1.10.0', '1.9.0', '1.2.0', 'v1.22'];
    const { ids, last } = await createPackages(account, written.map((packageVersion, i) => ({ packageVersion, packageState: states[i], ...(i === 0 && { bundleName: ['b'] }) })));
    return { account, ids, last };
  }

  it('lists in creation order by default; orderBy=packageVersion sorts by precedence, asc and desc', async () => {
    const { account, last } = await versionedAccount();
    const plain = await account.get('', last);
    // application/json, the type NetApp's document declares for the list, in NetApp's envelope.
    expect([plain.status, plain.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    expect([(plain.body as ListBody).type, (plain.body as ListBody).version]).toEqual(['application/astra-packages', '1.0']);
    expect(versions(plain)).toEqual(['1.10.0', '1.9.0', '1.2.0', 'v1.22']);
    const asked = await account.get('', last, { accept: 'application/astra-package+json' });
    expect([asked.headers.get('content-type'), asked.body]).toEqual(['application/astra-package+json; charset=utf-8', plain.body]);
    expect((plain.body as ListBody).metadata).toEqual({});
    expect((plain.body as ListBody).items[0]!.packageStateTransitions).toEqual(TRANSITIONS);
    expect(versions(await account.get('?orderBy=packageVersion%20desc'))).toEqual(['v1.22', '1.10.0', '1.9.0', '1.2.0']);
    expect(versions(await account.get('?orderBy=packageVersion'))).toEqual(['1.2.0', '1.9.0', '1.10.0', 'v1.22']);
    expect(versions(await account.get('?orderBy=packageState'))).toEqual(['1.10.0', 'v1.22', '1.2.0', '1.9.0']);
  });

  it("filters with field op 'value', comma-joined as AND, packageVersion by precedence", async () => {
    const { account, ids, last } = await versionedAccount();
    const filter = (expression: string) => account.get(`?filter=${encodeURIComponent(expression)}`, last);
    expect(versions(await filter("packageVersion gt '1.9.0'"))).toEqual(['1.10.0', 'v1.22']);
    expect(versions(await filter("packageVersion lte '1.9.0'"))).toEqual(['1.9.0', '1.2.0']);
    expect(versions(await filter("packageVersion eq 'v1.22'"))).toEqual(['v1.22']);
    expect(versions(await filter("packageState eq 'available', packageVersion lt '1.22.0'"))).toEqual(['1.10.0']);
    expect(versions(await filter(`id eq '${ids[2]}'`))).toEqual(['1.2.0']);
    expect(versions(await filter("packageName eq 'nothing-here'"))).toEqual([]);
    expect(versions(await filter("metadata.creationTimestamp gt '2000-01-01T00:00:00.000Z',severityLevel eq 'recommended'"))).toHaveLength(4);
  });

  it('pages with limit and an opaque continue token (padded standard base64); skip and count=true', async () => {
    const { account, last } = await versionedAccount();
    const first = await account.get('?orderBy=packageVersion%20desc&limit=3&count=true', last);
    const body = first.body as ListBody;
    expect([versions(first), body.metadata.count]).toEqual([['v1.22', '1.10.0', '1.9.0'], 4]);
    expect(body.metadata.continue).toMatch(/^([A-Za-z0-9+/]{4})*(([A-Za-z0-9+/]{2})==|([A-Za-z0-9+/]{3})=)?$/);
    const token = body.metadata.continue ?? '';
    const next = await account.get(`?orderBy=packageVersion%20desc&limit=3&continue=${encodeURIComponent(token)}`);
    expect([versions(next), (next.body as ListBody).metadata]).toEqual([['1.2.0'], {}]);
    // Sent without percent-encoding, a `+` arrives as a space and `=` as itself: the same page.
    expect(versions(await account.get(`?orderBy=packageVersion%20desc&limit=3&continue=${token}`))).toEqual(['1.2.0']);
    // A token issued before the change (unpadded base64url) still pages.
    const old = Buffer.from(token, 'base64').toString('base64url');
    expect(versions(await account.get(`?orderBy=packageVersion%20desc&limit=3&continue=${old}`))).toEqual(['1.2.0']);
    expect(versions(await account.get('?skip=1&limit=2'))).toEqual(['1.9.0', '1.2.0']);
    const wrongOrder = await account.get(`?limit=3&continue=${encodeURIComponent(token)}`);
    expect(wrongOrder.body).toEqual(invalidParam('continue', 'is not a token issued for this request (it must come unchanged from the previous page)'));
  });

  it('include turns items into arrays of the named fields, null where a field is absent', async () => {
    const { account, ids, last } = await versionedAccount();
    const answer = await account.get('?include=id,packageVersion,bundleName,metadata.createdBy&limit=2', last);
    expect((answer.body as ListBody).items).toEqual([
      [ids[0], '1.10.0', ['b'], expect.any(String)],
      [ids[1], '1.9.0', null, expect.any(String)],
    ]);
  });

  it.each([
    ['limit=0', 'limit', 'must be an integer from 1 to 1000'],
    ['limit=1001', 'limit', 'must be an integer from 1 to 1000'],
    ['skip=-1', 'skip', 'must be an integer at least 0'],
    ['count=yes', 'count', 'must be true or false'],
    ['orderBy=size', 'orderBy', 'cannot order by "size"; fields: id, packageName, packageVersion, packageType, severityLevel, packageState, metadata.creationTimestamp'],
    ['orderBy=packageName%20sideways', 'orderBy', 'must be "field" or "field desc"'],
    ['include=id,secret', 'include', '"secret" is not a field of a package; fields: type, version, id, packageName, packageVersion, packageType, bundleName, severityLevel, packageState, packageStateTransitions, packageStateDetails, images, artifacts, files, upgradableVersions, dependencies, metadata'],
    ["filter=packageName%20like%20'a'", 'filter', 'unknown operator "like"; operators: eq, lt, gt, lte, gte'],
    ["filter=images%20eq%20'a'", 'filter', 'cannot filter on "images"; fields: id, packageName, packageVersion, packageType, severityLevel, packageState, metadata.creationTimestamp'],
    ["filter=packageVersion%20gt%20'banana'", 'filter', 'packageVersion: "banana" is not a version'],
    ['filter=packageName%20eq%20unquoted', 'filter', "expected \"field op 'value'\" at character 1"],
    ['continue=%21%21', 'continue', 'is not a token issued for this request (it must come unchanged from the previous page)'],
    ['continue=abc&skip=2', 'skip', 'cannot be combined with continue (the token already holds the position)'],
  ])('answers %s with problem 5 naming %s', async (query, name, reason) => {
    const account = await newAccount();
    const answer = await account.get(`?${query}`);
    expect([answer.status, answer.body]).toEqual([400, invalidParam(name, reason)]);
  });

  it('answers an unknown parameter with problem 6', async () => {
    const account = await newAccount();
    const answer = await account.get('?page_size=10&limit=5');
    expect([answer.status, answer.body]).toEqual([
      400,
      problem(6, 400, 'Query parameters not supported', "The supplied query parameters aren't supported for this endpoint.", {
        invalidParams: [{ name: 'page_size', reason: 'unknown query parameter' }],
      }),
    ]);
  });
});
