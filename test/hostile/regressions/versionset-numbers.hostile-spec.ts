// Regression (fuzz seed 424242, request #5394): a VersionSet page token whose position was forged
// to -9007199254740991 answered 500 — the number reached Postgres as an int4 parameter and
// overflowed. Numbers past int4 in paths did the same. They are compared as bigint now.
import { closeClient, send, type HostileRequest } from '../support/client.js';
import { plant, type Fixtures } from '../support/fixtures.js';
import { checkReply } from '../support/invariants.js';
import { startSystem, type System } from '../support/system.js';

let system: System;
let fx: Fixtures;

beforeAll(async () => {
  system = await startSystem();
  fx = await plant(system);
}, 120_000);
afterAll(async () => {
  closeClient();
  await system?.stop();
});

const get = (path: string): Promise<{ status: number; violations: string[] }> => {
  const req: HostileRequest = { endpoint: 'regression', service: 'query', method: 'GET', path, headers: { authorization: fx.admin } };
  return send(system.query.baseUrl, req).then((reply) => ({ status: reply.status, violations: checkReply(req, reply).map((v) => v.message) }));
};

const forged = async (position: number): Promise<string> => {
  const first = JSON.parse((await send(system.query.baseUrl, { endpoint: 'setup', service: 'query', method: 'GET', path: `/packages/${fx.pkg.id}/versionsets?page_size=1`, headers: { authorization: fx.admin } })).text) as { continuation_token: string };
  const body = JSON.parse(Buffer.from(first.continuation_token, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...body, p: [position] })).toString('base64url');
};

it.each([-9007199254740991, 9007199254740991, 2147483648])('pages after a forged position %p without a 5xx', async (position) => {
  const answer = await get(`/packages/${fx.pkg.id}/versionsets/?page_size=1&continuation_token=${await forged(position)}`);
  expect(answer).toEqual({ status: 200, violations: [] });
});

it.each(['2147483648', '9999999999999999'])('answers VersionSet number %s 404, by path and by composite id', async (number) => {
  expect(await get(`/packages/${fx.pkg.id}/versionsets/${number}/`)).toEqual({ status: 404, violations: [] });
  expect(await get(`/versionsets/${fx.pkg.alias}:${number}`)).toEqual({ status: 404, violations: [] });
});
