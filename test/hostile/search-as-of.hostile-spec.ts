// Hostile input to search and point-in-time reads (SPEC §4.6): malformed and extreme times,
// positions past the stream's end, very long and syntax-laden `q`, forged search tokens. Every
// answer is the documented status in its family's format, never a 5xx, and nothing changes.
import { closeClient, send, type HostileRequest } from './support/client.js';
import { plant, type Fixtures } from './support/fixtures.js';
import { parseJson, type Violation } from './support/invariants.js';
import { difference, snapshot, streamState, type Snapshot } from './support/state.js';
import { startSystem, type System } from './support/system.js';
import { describeFinding, newTally, record, saveTally, type Finding } from './support/tally.js';

let system: System;
let fx: Fixtures;
let before: Snapshot;
let end: number;
const tally = newTally();

beforeAll(async () => {
  system = await startSystem();
  fx = await plant(system);
  before = await snapshot(system);
  end = (await streamState(system)).lastSeq;
}, 120_000);
afterAll(async () => {
  saveTally(tally, import.meta.url);
  closeClient();
  await system?.stop();
});

type Case = { path: string; want: number[] };

const MALFORMED_TIMES = ['yesterday', 'now', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01T00:00:00', '2026-01-01T00:00:00+24:00',
  '2026-01-01T00:00:00 02:00', '+002026-01-01T00:00:00Z', '-0001-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '2026-01-01T00:00:00.1234567890Z', '1e3', '0x10', '0', '-1', '01',
  "1' OR '1'='1", '1;DROP TABLE event_history', '%00', '１', 'x'.repeat(10_000), `2026-01-01T00:00:00Z${'0'.repeat(5000)}`];
const EXTREME_TIMES = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999Z', '9999-12-31T23:59:60-23:59', '2016-12-31T23:59:60Z'];
const past = () => [end + 1, end + 1_000_000, 2 ** 53 - 1].map(String);
const enc = encodeURIComponent;

function catalogCases(): Case[] {
  const reads = [`/packages/${fx.pkg.id}/`, `/packages/${fx.pkg.alias}`, `/packages/${fx.pkg.id}/versionsets`, `/packages/${fx.pkg.id}/versionsets/1/`, `/versionsets/${fx.pkg.alias}:2`];
  return reads.flatMap((path) => [
    ...MALFORMED_TIMES.map((t) => ({ path: `${path}?as_of=${enc(t)}`, want: [400] })),
    ...past().map((p) => ({ path: `${path}?as_of=${p}`, want: [400] })),
    ...EXTREME_TIMES.map((t) => ({ path: `${path}?as_of=${enc(t)}`, want: [200, 404] })),
    ...Array.from({ length: end }, (_, i) => ({ path: `${path}?as_of=${i + 1}`, want: [200, 404] })),
    { path: `${path}?as_of=1&as_of=2`, want: [400] },
  ]);
}

function accountCases(): Case[] {
  const path = `/accounts/${fx.accountA}/core/v1/packages/${fx.packageA.id}`;
  return [
    ...MALFORMED_TIMES.map((t) => ({ path: `${path}?asOf=${enc(t)}`, want: [400] })),
    ...past().map((p) => ({ path: `${path}?asOf=${p}`, want: [400] })),
    ...EXTREME_TIMES.map((t) => ({ path: `${path}?asOf=${enc(t)}`, want: [200, 404] })),
    ...Array.from({ length: end }, (_, i) => ({ path: `${path}?asOf=${i + 1}`, want: [200, 404] })),
    { path: `${path}?as_of=1`, want: [400] },
    // Another account's package, at a point it existed: never found through this account.
    { path: `/accounts/${fx.accountA}/core/v1/packages/${fx.packageB.id}?asOf=${end}`, want: [404] },
  ];
}

function searchCases(): Case[] {
  const long = (n: number, unit = 'a') => unit.repeat(n);
  const ok = ['argo', 'ARGO', 'workfl', fx.pkg.alias, `${fx.pkg.alias} argo`, long(200), long(100, 'a '), long(200, '😀'), long(100, 'ab').slice(0, 200), "'; DROP TABLE catalog_packages; --",
    "x') OR 1=1 --", 'argo & !x', "'a':* | b", '!!!', '(', ')', '<->', 'a <-> b', '\\', "''", '""', '---', 'pkg_x', '\u0000', 'a\u0000b', '%', '*', ':*', 'a:*A', '\u200b', 'ǅ', 'İ',
    'ﬀ', Array.from({ length: 100 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(' ')];
  const refused = ['', ' ', '\t', long(201), long(201, '😀'), long(10_000), long(100_000)];
  return [
    ...ok.flatMap((q) => [{ path: `/packages?q=${enc(q)}`, want: [200] }, { path: `/packages?q=${enc(q)}&filter=system:helm&page_size=1`, want: [200] }]),
    ...refused.map((q) => ({ path: `/packages?q=${enc(q)}`, want: q.length > 50_000 ? [400, 414, 431] : [400] })),
    { path: '/packages?q=a&q=b', want: [400] },
    { path: '/packages?q=%E0%A4%A', want: [200, 400] },
    { path: '/packages?q=%ZZ', want: [200, 400] },
  ];
}

async function forgedSearchTokens(): Promise<Case[]> {
  const first = await send(system.query.baseUrl, { endpoint: 'setup', service: 'query', method: 'GET', path: '/packages?q=argo&page_size=1', headers: { authorization: fx.admin } });
  const token = (parseJson(first.text) as { continuation_token?: string } | undefined)?.continuation_token;
  if (token === undefined) return [{ path: '/packages?q=argo&continuation_token=e30', want: [400] }];
  const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forge = (p: unknown[]) => Buffer.from(JSON.stringify({ ...body, p })).toString('base64url');
  const positions = [[], [1], [1, 2], [1, 2, 3, 4], ['a', 'b', 'c'], [2 ** 53 - 1, 2 ** 53 - 1, 2 ** 53 - 1], [-(2 ** 53 - 1), -(2 ** 53 - 1), -(2 ** 53 - 1)], [0, 0, 0], [2, 0, 0], [3, -5, 7]];
  return positions.map((p) => ({ path: `/packages?q=argo&page_size=1&continuation_token=${forge(p)}`, want: p.length === 3 && p.every((x) => typeof x === 'number') ? [200] : [400] }));
}

it('answers hostile as_of, asOf and q as documented, in the family format, never 5xx, and changes nothing', async () => {
  const cases = [...catalogCases(), ...accountCases(), ...searchCases(), ...(await forgedSearchTokens())];
  const findings: Finding[] = [];
  for (const [index, c] of cases.entries()) {
    const endpoint = c.path.includes('q=') ? 'GET /packages?q=' : c.path.startsWith('/accounts/') ? 'GET …/packages/{id}?asOf=' : 'GET catalog ?as_of=';
    const request: HostileRequest = { endpoint, service: 'query', method: 'GET', path: c.path, headers: { authorization: fx.admin } };
    const reply = await send(system.query.baseUrl, request);
    const extra: Violation[] = c.want.includes(reply.status) ? [] : [{ kind: 'expectation', message: `expected ${c.want.join(' or ')}, got ${reply.status}` }];
    const violations = record(tally, request, reply, extra);
    if (violations.length > 0) findings.push({ request, reply, violations, index });
  }
  expect(findings.map(describeFinding)).toEqual([]);
  expect(difference(before, await snapshot(system))).toBe('');
});

it('answers the planted package at every position by its own events: 404 before its creation, then its ETag', async () => {
  const etags: (string | null)[] = [];
  for (let position = 1; position <= end; position++) {
    const reply = await send(system.query.baseUrl, { endpoint: 'as_of', service: 'query', method: 'GET', path: `/packages/${fx.pkg.id}/?as_of=${position}`, headers: { authorization: fx.admin } });
    etags.push(reply.status === 200 ? String(reply.headers['etag']) : String(reply.status));
  }
  const history = parseJson((await send(system.query.baseUrl, { endpoint: 'setup', service: 'query', method: 'GET', path: `/packages/${fx.pkg.id}/history`, headers: { authorization: fx.admin } })).text) as { data: { id: string }[] };
  const own = await system.pool.query<{ seq: number }>("SELECT seq FROM event_history WHERE subject = $1 ORDER BY seq", [`artifacts.catalog.${fx.pkg.id}`]);
  const seqs = own.rows.map((row) => Number(row.seq));
  expect(seqs).toHaveLength(history.data.length);
  const expected = Array.from({ length: end }, (_, i) => {
    const mine = seqs.filter((seq) => seq <= i + 1);
    return mine.length === 0 ? '404' : `"${mine.at(-1)}"`;
  });
  expect(etags).toEqual(expected);
});
