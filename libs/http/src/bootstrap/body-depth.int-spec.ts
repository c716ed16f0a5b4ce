import { EdgeTestModule } from '../testing/edge-test.module.js';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './body.parsers.js';

// Found by the hostile-input fuzzer (test/hostile, HOSTILE_SEED=1): a body nested 5 000–100 000
// levels deep (well under the size limit) overflowed the stack of the recursive body checks: 500.
const ACCOUNT = '0b9c1d1e-8f5a-4c0e-9a4f-1c2d3e4f5a6b';
let edge: EdgeTestApp;
let admin: string;

beforeAll(async () => {
  edge = await startEdgeTestApp(EdgeTestModule);
  admin = `Bearer ${await edge.token('admin', ['*'])}`;
});
afterAll(() => edge.close());

/** An object `depth` levels deep: the body itself, then depth - 1 nested objects. */
const nested = (depth: number): string => `{"title":"t","x":${'{"a":'.repeat(depth - 1)}1${'}'.repeat(depth - 1)}}`;
const post = (path: string, body: string) =>
  fetch(`${edge.baseUrl}${path}`, { method: 'POST', body, headers: { authorization: admin, 'content-type': 'application/json' } });

it('measures depth without recursing', () => {
  expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
  expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  expect(nestsDeeperThan(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), MAX_BODY_DEPTH)).toBe(true);
});

it(`accepts ${MAX_BODY_DEPTH} levels and refuses deeper bodies in each family's validation answer`, async () => {
  expect((await post('/packages', nested(MAX_BODY_DEPTH))).status).toBe(201);
  const catalog = await post('/packages', nested(100_000));
  expect(catalog.status).toBe(422);
  expect(await catalog.json()).toMatchObject({ status: 422, errors: [{ location: 'body', message: `must not nest deeper than ${MAX_BODY_DEPTH} levels` }] });
  const accounts = await post(`/accounts/${ACCOUNT}/core/v1/packages`, nested(MAX_BODY_DEPTH + 1));
  expect(accounts.status).toBe(400);
  expect(await accounts.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/8', schemaValidationFailure: `body: must not nest deeper than ${MAX_BODY_DEPTH} levels` });
});
