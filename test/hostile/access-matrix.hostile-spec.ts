// SPEC §3 access control, exhaustively: every endpoint of both services × every kind of token,
// against HS256-configured services and a JWKS-configured (RS256) pair; then account B probing
// account A's planted data with every method. No 401 without WWW-Authenticate, no foreign data in
// any body, no state change.
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import { closeClient, pool, send, type HostileRequest, type Reply } from './support/client.js';
import { plant, type Fixtures } from './support/fixtures.js';
import { parseJson, type Violation } from './support/invariants.js';
import { matrixCases, type Expected } from './support/matrix.js';
import { difference, snapshot } from './support/state.js';
import { SECRET, startProjectionService, startSystem, STREAM, type System } from './support/system.js';
import { assertNoFindings, newTally, record, saveTally, type Finding } from './support/tally.js';
import { ACTOR, authorization, rsaKeys, serveJwks, TOKEN_KINDS, type Keys, type TokenKind } from './support/tokens.js';
import { startCommandService } from '../e2e/command-service.harness.js';

let system: System;
let fx: Fixtures;
let keys: Keys;
let jwks: { url: string; close(): Promise<void> };
let jwksBase: { command: string; query: string };
const tally = newTally();

beforeAll(async () => {
  system = await startSystem();
  fx = await plant(system);
  keys = await rsaKeys();
  jwks = await serveJwks(keys);
  // The same stream and database, verified by RS256 keys from a JWKS endpoint instead of a secret.
  const env = { NATS_URL: system.nats.url, EVENT_STREAM: STREAM, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: jwks.url, AUTH_JWKS_ALLOW_HTTP: 'true', VERIFIER_ENABLED: 'false' };
  const command = await startCommandService(env);
  const query = await startProjectionService({ ...env, DATABASE_URL: system.db.url });
  system.adopt(command);
  system.adopt(query);
  jwksBase = { command: command.baseUrl, query: query.baseUrl };
}, 120_000);

afterAll(async () => {
  saveTally(tally, import.meta.url);
  closeClient();
  await system?.stop();
  await jwks?.close();
});

function judge(req: HostileRequest, reply: Reply, want: Expected): Violation[] {
  const body = parseJson(reply.text) as { type?: string } | undefined;
  // A resource has a `type` too (application/astra-package): only error bodies name a problem.
  const problem = reply.status < 400 || body?.type === undefined ? undefined : Number(body.type.split('/').pop());
  const got = `${reply.status}${problem === undefined ? '' : ` problem ${problem}`}`;
  const wanted = `${want.status}${want.problem === undefined ? '' : ` problem ${want.problem}`}`;
  const violations: Violation[] = got === wanted ? [] : [{ kind: 'expectation', message: `expected ${wanted}, got ${got}` }];
  if (fx.markersA.some((m) => reply.text.includes(m)) && !req.path.includes(fx.accountA)) violations.push({ kind: 'leak', message: "body carries account A's data" });
  return violations;
}

async function runMatrix(mode: 'hs256' | 'jwks', base: { command: string; query: string }): Promise<Finding[]> {
  const auth = Object.fromEntries(await Promise.all(TOKEN_KINDS.map(async (k) => [k, await authorization(k, fx.accountA, fx.accountB, keys, mode)]))) as Record<TokenKind, string | undefined>;
  const cases = matrixCases(fx, auth, TOKEN_KINDS, mode);
  const findings: Finding[] = [];
  await pool(cases, 8, async ({ request, expected }, index) => {
    const reply = await send(request.service === 'command' ? base.command : base.query, request);
    const violations = record(tally, request, reply, judge(request, reply, expected));
    if (violations.length > 0) findings.push({ request: { ...request, fault: 'matrix' }, reply, violations, index });
  });
  return findings;
}

it('answers every endpoint × token kind as SPEC §3 says, HS256 and JWKS alike, changing nothing', async () => {
  const before = await snapshot(system);
  const findings = [...(await runMatrix('hs256', { command: system.command.baseUrl, query: system.query.baseUrl })), ...(await runMatrix('jwks', jwksBase))];
  const changed = difference(before, await snapshot(system));
  if (changed !== '') tally.stateChanges += 1;
  assertNoFindings(findings, 0, 'access-matrix cases');
  expect(changed).toBe('');
});

it("never shows account A's data to account B, whatever the method", async () => {
  const ownerOfB = `Bearer ${await signDevToken({ secret: SECRET, sub: ACTOR, role: 'owner', accounts: [fx.accountB], ttl: '10m' })}`;
  const memberOfB = (await authorization('member-of-other-account', fx.accountA, fx.accountB, keys)) as string;
  const a = `/accounts/${fx.accountA}/core/v1/packages`;
  const b = `/accounts/${fx.accountB}/core/v1/packages`;
  const id = fx.packageA.id;
  const foreignPaths = [a, `${a}/`, `${a}/${id}`, `${a}/${id}/`, `${a}/${id}/history`, `${a}/${id}/nothing`];
  const ownPaths = [`${b}/${id}`, `${b}/${id}/history`, `${b}?filter=${encodeURIComponent(`id eq '${id}'`)}`, `${b}?filter=${encodeURIComponent(`packageName eq '${fx.markersA[0]}'`)}`];
  const requests: HostileRequest[] = [];
  for (const token of [ownerOfB, memberOfB]) {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const path of [...foreignPaths, ...ownPaths, '/packages', `/packages/${fx.pkg.id}/history`]) {
        const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
        for (const service of ['command', 'query'] as const) {
          requests.push({ endpoint: `${method} probe from account B (${service})`, service, method, path, headers: { authorization: token, ...(body && { 'content-type': 'application/json' }) }, ...(body && { body }) });
        }
      }
    }
  }
  const before = await snapshot(system);
  const findings: Finding[] = [];
  await pool(requests, 8, async (req, index) => {
    const reply = await send(req.service === 'command' ? system.command.baseUrl : system.query.baseUrl, req);
    const extra: Violation[] = [];
    if (fx.markersA.some((m) => reply.text.includes(m)) || (reply.text.includes(id) && !req.path.includes(id))) extra.push({ kind: 'leak', message: "body carries account A's data" });
    const mainMethod = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'].includes(req.method);
    if (req.path.startsWith(a) && mainMethod && reply.status !== 404 && reply.status !== 405) extra.push({ kind: 'expectation', message: `foreign account answered ${reply.status}, not 404` });
    if (req.path.startsWith(b) && reply.status === 200 && req.method === 'GET' && !req.path.includes('?')) extra.push({ kind: 'leak', message: "account A's package readable under account B" });
    const violations = record(tally, req, reply, extra);
    if (violations.length > 0) findings.push({ request: req, reply, violations, index });
  });
  const changed = difference(before, await snapshot(system));
  if (changed !== '') tally.stateChanges += 1;
  assertNoFindings(findings, 0, 'cross-account probes');
  expect(changed).toBe('');
});
