// `GET /packages?q=` (SPEC §4.6) over real NATS, Postgres and HTTP: relevance order on 50 packages,
// prefixes, `filter` and paging, the vector following updates and deletes, and refusals.
import { randomUUID } from 'node:crypto';
import { startQueryApp, type QueryApp } from '../../apps/projection-service/src/query/testing/query-app.harness.js';
import { badRequest, reader, seedSchema, type Get } from '../../apps/projection-service/src/query/testing/query-fixtures.js';
import { catalogEvent, newPackageId, packageFields } from '../../apps/projection-service/src/testing/event.factories.js';

const validPackage = seedSchema('Package');

let app: QueryApp;
let get: Get;

beforeAll(async () => {
  app = await startQueryApp();
  get = reader(app, await app.token('viewer'));
});
afterAll(async () => app?.close());

type Page = { data: { id: string; title: string; system: string }[]; continuation_token?: string };

/** A word no other test uses, so a search meets only this test's packages. */
const word = (): string => `w${randomUUID().replace(/-/g, '').slice(0, 10)}`;

/**
 * 50 packages around one word `w`, created in an order unrelated to their relevance: an exact alias,
 * the word in alias + title + description, in the title, as a prefix of a title word, in the
 * description only, and 25 that do not mention it. Returns each group's ids in creation order.
 */
async function seedFifty(w: string) {
  const groups = { exact: [] as string[], everywhere: [] as string[], title: [] as string[], prefix: [] as string[], description: [] as string[], none: [] as string[] };
  const plan: [keyof typeof groups, Record<string, unknown>][] = [];
  for (let i = 0; i < 5; i++) plan.push(['description', { title: `Storage driver ${i}`, description: `Works well with ${w} clusters.` }]);
  for (let i = 0; i < 5; i++) plan.push(['title', { title: `${w} operator ${i}`, description: 'Runs things.' }]);
  for (let i = 0; i < 25; i++) plan.push(['none', { title: `Other chart ${i}`, description: `Nothing to see ${i}.`, system: i % 2 ? 'kube' : 'helm' }]);
  for (let i = 0; i < 5; i++) plan.push(['prefix', { title: `${w}flow engine ${i}`, description: 'Pipelines.' }]);
  plan.push(['exact', { title: 'Plain name', description: 'No words in common.', aliases: [w] }]);
  for (let i = 0; i < 9; i++) {
    plan.push(['everywhere', { title: `The ${w} suite ${i}`, description: `All about ${w}.`, aliases: [`${w}-suite-${i}`], system: i % 2 ? 'kube' : 'helm' }]);
  }
  const events = plan.map(([group, overrides]) => {
    const id = newPackageId();
    groups[group].push(id);
    return catalogEvent('PackageCreated', id, packageFields(id, overrides));
  });
  const seqs = await app.publish(events);
  expect(events).toHaveLength(50);
  return { groups, last: seqs.at(-1) as number };
}

async function allPages(query: string, after?: number): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const answer = await get(`/packages?${query}${token ? `&continuation_token=${token}` : ''}`, after);
    expect(answer.status).toBe(200);
    const page = answer.body as Page;
    ids.push(...page.data.map((item) => item.id));
    token = page.continuation_token;
  } while (token);
  return ids;
}

describe('GET /packages?q=', () => {
  it('ranks 50 packages: the exact alias first, then alias+title+description, title and prefix, description; never the rest', async () => {
    const w = word();
    const { groups, last } = await seedFifty(w);
    const answer = await get(`/packages?q=${w}`, last);
    expect(answer.status).toBe(200);
    const page = answer.body as Page;
    for (const item of page.data) expect(validPackage(item)).toBe(true);
    const ids = page.data.map((item) => item.id);
    // Within a group the rank is equal, so creation order decides.
    expect(ids).toEqual([...groups.exact, ...groups.everywhere, ...groups.title, ...groups.prefix, ...groups.description]);
    expect(page.continuation_token).toBeUndefined();
  });

  it('pages the ranked hits with continuation tokens and combines q with filter', async () => {
    const w = word();
    const { groups, last } = await seedFifty(w);
    const ranked = [...groups.exact, ...groups.everywhere, ...groups.title, ...groups.prefix, ...groups.description];
    expect(await allPages(`q=${w}&page_size=4`, last)).toEqual(ranked);
    const kube = (await get(`/packages?q=${w}&filter=system:kube`)).body as Page;
    expect(kube.data.map((item) => item.id)).toEqual(groups.everywhere.filter((_, i) => i % 2 === 1));
    expect(kube.data.every((item) => item.system === 'kube')).toBe(true);
    const byAlias = (await get(`/packages?q=${w}&filter=alias:${w}-suite-3&filter=alias:${w}`)).body as Page;
    expect(byAlias.data.map((item) => item.id)).toEqual([groups.exact[0], groups.everywhere[3]]);
  });

  it('matches prefixes, every word of q, alias parts, case-insensitively', async () => {
    const w = word();
    const { groups, last } = await seedFifty(w);
    const prefix = (await get(`/packages?q=${w}fl`, last)).body as Page;
    expect(prefix.data.map((item) => item.id)).toEqual(groups.prefix);
    const both = (await get(`/packages?q=${encodeURIComponent(`${w.toUpperCase()} SUI`)}`)).body as Page;
    expect(both.data.map((item) => item.id)).toEqual(groups.everywhere);
    const aliasPart = (await get(`/packages?q=${encodeURIComponent(`${w}-suite-7`)}`)).body as Page;
    expect(aliasPart.data[0]?.id).toBe(groups.everywhere[7]);
  });

  it('follows updates and deletes: the vector is the projection of the current state', async () => {
    const w = word();
    const id = newPackageId();
    const fields = packageFields(id, { title: `${w} first`, aliases: [] });
    const [created] = await app.publish([catalogEvent('PackageCreated', id, fields)]);
    expect(((await get(`/packages?q=${w}`, created)).body as Page).data.map((item) => item.title)).toEqual([`${w} first`]);
    const other = word();
    const [updated] = await app.publish([catalogEvent('PackageUpdated', id, { ...fields, title: `${other} second` })]);
    expect(((await get(`/packages?q=${w}`, updated)).body as Page).data).toEqual([]);
    expect(((await get(`/packages?q=${other}`)).body as Page).data.map((item) => item.id)).toEqual([id]);
    const [deleted] = await app.publish([catalogEvent('PackageDeleted', id, { id })]);
    expect(((await get(`/packages?q=${other}`, deleted)).body as Page).data).toEqual([]);
  });

  it('treats search syntax and SQL as plain words', async () => {
    const w = word();
    const { groups, last } = await seedFifty(w);
    for (const q of [`${w} & !x`, `${w}:*`, `'${w}'`, `${w} | drop`, `(${w})`, `${w}\\`]) {
      const answer = await get(`/packages?q=${encodeURIComponent(q)}`, last);
      // None of these is the alias itself, so only the words count (`x` and `drop` are in no package).
      const expected = q.includes('drop') || q.endsWith('!x') ? [] : [...groups.exact, ...groups.everywhere, ...groups.title, ...groups.prefix, ...groups.description];
      expect([q, answer.status, (answer.body as Page).data.map((item) => item.id).sort()]).toEqual([q, 200, expected.sort()]);
    }
    const sql = await get(`/packages?q=${encodeURIComponent("x'); DROP TABLE catalog_packages; --")}`);
    expect([sql.status, (sql.body as Page).data]).toEqual([200, []]);
    expect((await get(`/packages?q=${w}`)).status).toBe(200);
  });

  it.each([
    ['q=', 'query.q', 'must be 1 to 200 characters of search text', ''],
    ['q=%20%20', 'query.q', 'must be 1 to 200 characters of search text', '  '],
    [`q=${'a'.repeat(201)}`, 'query.q', 'must be 1 to 200 characters of search text', '201 characters'],
    ['q=a&q=b', 'query.q', 'must be given at most once', ['a', 'b']],
    ['q=a&page_size=0', 'query.page_size', 'must be an integer from 1 to 1000', '0'],
    ['q=a&filter=title:x', 'query.filter', 'unknown filter key "title"; keys: system, alias (as key:value)', 'title:x'],
  ])('answers %s with 400 at %s', async (query, location, message, value) => {
    const answer = await get(`/packages?${query}`);
    expect([answer.status, answer.body]).toEqual([400, badRequest(location, message, value)]);
  });

  it('refuses a token of another search or of the plain list', async () => {
    const w = word();
    const { last } = await seedFifty(w);
    const token = ((await get(`/packages?q=${w}&page_size=2`, last)).body as Page).continuation_token as string;
    const listToken = ((await get('/packages?page_size=2')).body as Page).continuation_token as string;
    for (const query of [`q=other&continuation_token=${token}`, `q=${w}&filter=system:kube&continuation_token=${token}`, `q=${w}&continuation_token=${listToken}`, `continuation_token=${token}`]) {
      const answer = await get(`/packages?${query}`);
      expect([query, answer.status, (answer.body as { errors: { location: string }[] }).errors[0]?.location]).toEqual([query, 400, 'query.continuation_token']);
    }
    expect(((await get(`/packages?q=${w}&page_size=2&continuation_token=${token}`)).body as Page).data).toHaveLength(2);
  });
});
