// Seeded fuzzing of every endpoint of both services (SPEC §3, §4.3, §5.3, §6): >10 000 generated
// requests over keep-alive sockets. Every answer keeps the invariants; every hostile write is
// refused; the whole batch changes neither the stream nor the read models.
import fc from 'fast-check';
import { anyAuth, readRoutes, writeRoutes, type RouteContext } from './generators/routes.js';
import { hostileRead } from './generators/reads.js';
import { rawRequest, strayRequest } from './generators/misc.js';
import { hostileWrite } from './generators/writes.js';
import { closeClient, pool, send, type HostileRequest } from './support/client.js';
import { accountBody, catalogBody, plant, type Fixtures } from './support/fixtures.js';
import type { Violation } from './support/invariants.js';
import { fetchPageTokens } from './support/page-tokens.js';
import { difference, snapshot } from './support/state.js';
import { startSystem, type System } from './support/system.js';
import { assertNoFindings, newTally, record, replayHint, runSeed, saveTally, type Finding } from './support/tally.js';
import { authorization, rsaKeys, TOKEN_KINDS, type TokenKind } from './support/tokens.js';

const SEED = runSeed();
// HOSTILE_SCALE multiplies the cases (default 1: ~10 500 requests).
const SCALE = Number(process.env.HOSTILE_SCALE ?? '1');
const PER_WRITE_ROUTE = Math.round(560 * SCALE);
const PER_READ_ROUTE = Math.round(460 * SCALE);
const CONCURRENCY = 16;

let system: System;
let fx: Fixtures;
let ctx: RouteContext;
const tally = newTally();

beforeAll(async () => {
  process.stdout.write(`hostile fuzz: ${replayHint(SEED)}\n`);
  system = await startSystem();
  fx = await plant(system);
  // Second items, so every paged route issues a continuation token.
  const write = (path: string, body: unknown) => send(system.command.baseUrl, { endpoint: 'setup', service: 'command', method: 'POST', path, headers: { authorization: fx.admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await write('/packages', catalogBody());
  await write(`/accounts/${fx.accountA}/core/v1/packages`, accountBody('second-a-package', { packageVersion: '1.2.3' }));
  const keys = await rsaKeys();
  const auth = Object.fromEntries(await Promise.all(TOKEN_KINDS.map(async (k) => [k, await authorization(k, fx.accountA, fx.accountB, keys)]))) as Record<TokenKind, string | undefined>;
  await snapshot(system);
  ctx = { fx, auth, pageTokens: await fetchPageTokens(system, fx) };
}, 120_000);

afterAll(async () => {
  saveTally(tally, import.meta.url);
  closeClient();
  await system?.stop();
});

function generate(): HostileRequest[] {
  const requests: HostileRequest[] = [];
  let stream = 0;
  const take = (arb: fc.Arbitrary<HostileRequest>, n: number) => requests.push(...fc.sample(arb, { seed: SEED + 7919 * stream++, numRuns: n }));
  for (const route of writeRoutes(ctx)) take(hostileWrite(route), PER_WRITE_ROUTE);
  for (const route of readRoutes(ctx)) take(hostileRead(route, anyAuth(ctx)), PER_READ_ROUTE);
  for (const service of ['command', 'query'] as const) {
    take(strayRequest(anyAuth(ctx), service), Math.round(150 * SCALE));
    take(rawRequest(fx.admin, service), Math.round(40 * SCALE));
  }
  // Interleave routes so concurrent requests hit different code paths.
  return fc.sample(fc.shuffledSubarray(requests, { minLength: requests.length, maxLength: requests.length }), { seed: SEED, numRuns: 1 })[0] ?? requests;
}

function extraChecks(req: HostileRequest, status: number, text: string): Violation[] {
  const violations: Violation[] = [];
  if (req.service === 'command' && req.fault !== undefined && status < 300 && ['POST', 'PUT', 'DELETE'].includes(req.method)) {
    violations.push({ kind: 'expectation', message: `hostile write accepted (${req.fault})` });
  }
  const foreign = [ctx.auth['member-of-other-account'], ctx.auth['viewer-of-other-account']].includes(req.headers['authorization']);
  const reachesA = req.headers['authorization'] === ctx.auth.viewer || req.headers['authorization'] === ctx.auth.member || req.headers['authorization'] === ctx.auth.admin || req.headers['authorization'] === fx.admin;
  if ((foreign || !reachesA) && fx.markersA.some((m) => text.includes(m))) violations.push({ kind: 'leak', message: "body carries account A's data" });
  return violations;
}

it(`keeps every invariant over the generated requests (seed ${SEED})`, async () => {
  const requests = generate();
  expect(requests.length).toBeGreaterThanOrEqual(Math.round(10_000 * SCALE));
  const before = await snapshot(system);
  const findings: Finding[] = [];
  const started = Date.now();
  await pool(requests, CONCURRENCY, async (req, index) => {
    const base = req.service === 'command' ? system.command.baseUrl : system.query.baseUrl;
    try {
      const reply = await send(base, req);
      const violations = record(tally, req, reply, extraChecks(req, reply.status, reply.text));
      if (violations.length > 0) findings.push({ request: req, reply, violations, index });
    } catch (error) {
      findings.push({ request: req, reply: undefined, violations: [{ kind: 'transport', message: String(error) }], index });
    }
  });
  const after = await snapshot(system);
  const changed = difference(before, after);
  if (changed !== '') tally.stateChanges += 1;
  process.stdout.write(`hostile fuzz: ${requests.length} requests in ${Date.now() - started} ms, ${findings.length} findings\n`);
  assertNoFindings(findings, SEED, 'generated requests');
  expect({ stateChange: changed, seed: SEED }).toEqual({ stateChange: '', seed: SEED });
});
