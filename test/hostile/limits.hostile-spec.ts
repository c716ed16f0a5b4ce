// Valid-but-tricky input near every limit (SPEC §4.1, §5.1, §6 Limits) and seeded unicode in
// values that are accepted: the answer is the documented one, never a 5xx; whatever was accepted
// is projected (the projector reaches the stream's end) and reads back unchanged; the stream grows
// by exactly the accepted writes.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { hostileString } from './generators/values.js';
import { closeClient, pool, send, type HostileRequest, type Reply } from './support/client.js';
import { accountBody, catalogBody, plant, type Fixtures } from './support/fixtures.js';
import { parseJson, type Violation } from './support/invariants.js';
import { settle, streamState } from './support/state.js';
import { startSystem, type System } from './support/system.js';
import { assertNoFindings, newTally, record, replayHint, runSeed, saveTally, type Finding } from './support/tally.js';

const SEED = runSeed();
const LIMIT = 786_432;
let system: System;
let fx: Fixtures;
const tally = newTally();

beforeAll(async () => {
  process.stdout.write(`hostile limits: ${replayHint(SEED)}\n`);
  system = await startSystem();
  fx = await plant(system);
}, 120_000);
afterAll(async () => {
  saveTally(tally, import.meta.url);
  closeClient();
  await system?.stop();
});

type Case = { name: string; request: HostileRequest; want: number[]; readBack?: (body: Record<string, unknown>) => { path: string; fields: Record<string, unknown> } };

const alias = () => `l-${randomUUID().slice(0, 18)}`;
const text = (body: unknown, padTo?: number): string => {
  const json = JSON.stringify(body);
  return padTo === undefined ? json : json + ' '.repeat(padTo - Buffer.byteLength(json));
};
const catalogPost = (name: string, body: Record<string, unknown>, want: number[], padTo?: number): Case => ({
  name,
  request: { endpoint: 'POST /packages (limits)', service: 'command', method: 'POST', path: '/packages', headers: { authorization: fx.admin, 'content-type': 'application/json' }, body: text(body, padTo) },
  want,
  readBack: (created) => ({ path: `/packages/${String(created['id'])}/`, fields: { title: body['title'], description: body['description'] ?? null, aliases: body['aliases'] ?? [] } }),
});
const accountPost = (name: string, overrides: Record<string, unknown>, want: number[], padTo?: number): Case => {
  const body = accountBody(`l-${randomUUID().slice(0, 20)}`, overrides);
  const path = `/accounts/${fx.accountA}/core/v1/packages`;
  return {
    name,
    request: { endpoint: 'POST /accounts/{account}/core/v1/packages (limits)', service: 'command', method: 'POST', path, headers: { authorization: fx.admin, 'content-type': 'application/json' }, body: text(body, padTo) },
    want,
    readBack: (created) => ({ path: `${path}/${String(created['id'])}`, fields: { packageName: body['packageName'], metadata: { labels: (body['metadata'] as { labels: unknown }).labels } } }),
  };
};
const image = (imageTag: string) => ({ images: [{ imagePath: '/a', imageName: 'n', imageTag, imageDigest: `sha256:${'0'.repeat(64)}` }] });
const bigFile = (bytes: number) => ({ files: [{ fileName: 'big.bin', fileIdentifier: 'big', fileMediaType: 'application/octet-stream', fileContents: 'A'.repeat(bytes - (bytes % 4)) }] });

function boundaryCases(): Case[] {
  const aliases = (n: number) => Array.from({ length: n }, () => alias());
  return [
    catalogPost('title of 200 chars', catalogBody({ title: 'x'.repeat(200), aliases: [alias()] }), [201]),
    catalogPost('title of 201 chars', catalogBody({ title: 'x'.repeat(201), aliases: [alias()] }), [422]),
    catalogPost('title of 200 astral code points', catalogBody({ title: '😀'.repeat(200), aliases: [alias()] }), [201]),
    catalogPost('title of 201 astral code points', catalogBody({ title: '😀'.repeat(201), aliases: [alias()] }), [422]),
    catalogPost('32 aliases', catalogBody({ aliases: aliases(32) }), [201]),
    catalogPost('33 aliases', catalogBody({ aliases: aliases(33) }), [422]),
    catalogPost('description of 10 000 chars', catalogBody({ description: 'd'.repeat(10_000), aliases: [alias()] }), [201]),
    catalogPost('description of 10 001 chars', catalogBody({ description: 'd'.repeat(10_001), aliases: [alias()] }), [422]),
    catalogPost('an alias of 100 chars', catalogBody({ aliases: [`a${'b'.repeat(99)}`.slice(0, 88) + randomUUID().slice(0, 12)] }), [201]),
    catalogPost('a body of exactly BODY_LIMIT_BYTES', catalogBody({ aliases: [alias()] }), [201], LIMIT),
    catalogPost('a body one byte over BODY_LIMIT_BYTES', catalogBody({ aliases: [alias()] }), [413], LIMIT + 1),
    accountPost('packageName of 31 chars', { packageName: `n${randomUUID().replace(/-/g, '').slice(0, 30)}` }, [201]),
    accountPost('packageName of 32 chars', { packageName: `n${randomUUID().replace(/-/g, '').slice(0, 31)}` }, [400]),
    accountPost('imageTag of 31 chars', image('t'.repeat(31)), [201]),
    accountPost('imageTag of 32 chars', image('t'.repeat(32)), [400]),
    accountPost('a bundle of exactly BODY_LIMIT_BYTES', bigFile(LIMIT - 2_000), [201], LIMIT),
    accountPost('a bundle one byte over BODY_LIMIT_BYTES', bigFile(LIMIT - 2_000), [413], LIMIT + 1),
  ];
}

/** Seeded unicode, control characters and lone surrogates in fields that accept any text. */
function unicodeCases(): Case[] {
  const titles = fc.sample(fc.tuple(hostileString.filter((s) => s.length > 0 && s.length <= 200), hostileString), { seed: SEED, numRuns: 120 });
  const labels = fc.sample(fc.tuple(hostileString.filter((s) => s.length > 0 && s.length <= 63), hostileString.filter((s) => s.length > 0 && s.length <= 63)), { seed: SEED + 1, numRuns: 60 });
  return [
    ...titles.map(([title, description]) => catalogPost(`title ${JSON.stringify(title).slice(0, 40)}`, catalogBody({ title, description, aliases: [alias()] }), [201, 422])),
    ...labels.map(([name, value]) => accountPost(`label ${JSON.stringify(name).slice(0, 40)}`, { metadata: { labels: [{ name, value }] } }, [201, 400])),
  ];
}

it(`answers input at every limit as documented and projects what it accepts (seed ${SEED})`, async () => {
  const cases = [...boundaryCases(), ...unicodeCases()];
  const before = await streamState(system);
  const findings: Finding[] = [];
  const accepted: { c: Case; reply: Reply; token: string }[] = [];
  await pool(cases, 8, async (c, index) => {
    const reply = await send(system.command.baseUrl, c.request);
    const extra: Violation[] = c.want.includes(reply.status) ? [] : [{ kind: 'expectation', message: `${c.name}: expected ${c.want.join(' or ')}, got ${reply.status}` }];
    const violations = record(tally, c.request, reply, extra);
    if (violations.length > 0) findings.push({ request: c.request, reply, violations, index });
    if (reply.status === 201) accepted.push({ c, reply, token: String(reply.headers['x-consistency-token']) });
  });
  // Accepted account packages are verified: one more event each. Then the projector must reach the end.
  const accounts = accepted.filter(({ c }) => c.request.path.startsWith('/accounts/')).length;
  await settle(system, 60_000);
  const after = await streamState(system);
  expect({ appended: after.messages - before.messages, seed: SEED }).toEqual({ appended: accepted.length + accounts, seed: SEED });
  for (const [index, { c, reply, token }] of accepted.entries()) {
    const { path, fields } = c.readBack?.((parseJson(reply.text) ?? {}) as Record<string, unknown>) ?? { path: '', fields: {} };
    const read: HostileRequest = { endpoint: 'read back (limits)', service: 'query', method: 'GET', path, headers: { authorization: fx.admin, 'x-consistency-token': token } };
    const answer = await send(system.query.baseUrl, read);
    const violations = record(tally, read, answer, answer.status === 200 ? [] : [{ kind: 'expectation', message: `${c.name}: read back ${answer.status}` }]);
    const body = (parseJson(answer.text) ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) {
      const got = key === 'metadata' ? { labels: (body['metadata'] as Record<string, unknown> | undefined)?.['labels'] } : body[key];
      if (JSON.stringify(got) !== JSON.stringify(value)) violations.push({ kind: 'expectation', message: `${c.name}: ${key} reads back as ${JSON.stringify(got)?.slice(0, 80)}, written ${JSON.stringify(value).slice(0, 80)}` });
    }
    if (violations.length > 0) findings.push({ request: c.request, reply: answer, violations, index });
  }
  assertNoFindings(findings, SEED, 'limit cases');
});

it('serves a VersionSet by the composite id of a 100-char alias', async () => {
  const longAlias = `z${randomUUID().replace(/-/g, '')}`.padEnd(100, 'q');
  const headers = { authorization: fx.admin, 'content-type': 'application/json' };
  const created = await send(system.command.baseUrl, { endpoint: 'setup', service: 'command', method: 'POST', path: '/packages', headers, body: JSON.stringify(catalogBody({ aliases: [longAlias] })) });
  expect(created.status).toBe(201);
  const vs = await send(system.command.baseUrl, { endpoint: 'setup', service: 'command', method: 'POST', path: `/packages/${longAlias}/versionsets`, headers, body: '{"version_constraint":">=1.0.0"}' });
  expect(vs.status).toBe(201);
  const read: HostileRequest = { endpoint: 'GET /versionsets/{id} (100-char alias)', service: 'query', method: 'GET', path: `/versionsets/${longAlias}:1`, headers: { authorization: fx.admin, 'x-consistency-token': String(vs.headers['x-consistency-token']) } };
  const answer = await send(system.query.baseUrl, read);
  expect(record(tally, read, answer)).toEqual([]);
  expect(answer.status).toBe(200);
});
