import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { EdgeTestModule } from '../testing/edge-test.module.js';
import { startEdgeTestApp, TEST_SECRET, type EdgeTestApp } from '../testing/edge-test-app.js';
import { createTokenVerifier } from './token.verifier.js';

const MINE = '0b9c1d1e-8f5a-4c0e-9a4f-1c2d3e4f5a6b';
const OTHER = 'aaaabbbb-8f5a-4c0e-9a4f-1c2d3e4f5a6b';
const packages = (account: string) => `/accounts/${account}/core/v1/packages`;
const now = () => Math.floor(Date.now() / 1000);

let edge: EdgeTestApp;
beforeAll(async () => {
  edge = await startEdgeTestApp(EdgeTestModule, { env: { AUTH_ISSUER: 'https://issuer.test', AUTH_AUDIENCE: 'register' } });
});
afterAll(() => edge.close());

const sign = (claims: Record<string, unknown>, secret = TEST_SECRET) =>
  new SignJWT({ sub: 'u-1', role: 'member', accounts: [MINE], iss: 'https://issuer.test', aud: 'register', exp: now() + 300, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));

const call = (base: string, path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { ...(token !== undefined && { authorization: token }), ...(init.headers as object) } });

async function problemOf(response: Response): Promise<[number, number | string]> {
  const body = (await response.json()) as { type?: string; status: number | string };
  return [response.status, body.type ? Number(body.type.split('/').pop()) : body.status];
}

describe('tokens over HTTP', () => {
  it('answers a missing token 401 problem 3 with WWW-Authenticate: Bearer, in both families', async () => {
    const accounts = await call(edge.baseUrl, packages(MINE));
    expect(accounts.headers.get('www-authenticate')).toBe('Bearer');
    expect(await problemOf(accounts)).toEqual([401, 3]);
    const catalog = await call(edge.baseUrl, '/packages/a', 'Basic dTpw');
    expect(catalog.headers.get('www-authenticate')).toBe('Bearer');
    expect(await problemOf(catalog)).toEqual([401, 401]);
  });

  it.each([
    ['malformed', async () => 'Bearer not.a.jwt'],
    ['wrongly signed', async () => `Bearer ${await sign({}, 'another-secret-that-is-also-32-bytes!!')}`],
    ['expired beyond the skew', async () => `Bearer ${await sign({ exp: now() - 90 })}`],
    ['from another issuer', async () => `Bearer ${await sign({ iss: 'https://evil.test' })}`],
    ['for another audience', async () => `Bearer ${await sign({ aud: 'other' })}`],
    ['without exp', async () => `Bearer ${await sign({ exp: undefined })}`],
    ['with an unknown role', async () => `Bearer ${await sign({ role: 'root' })}`],
    ['unsigned (alg none)', async () => `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', role: 'owner', accounts: ['*'], exp: now() + 60, iss: 'https://issuer.test', aud: 'register' })).toString('base64url')}.`],
  ])('answers a %s token 401 problem 4', async (_name, header) => {
    const response = await call(edge.baseUrl, packages(MINE), await header());
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await problemOf(response)).toEqual([401, 4]);
  });

  it('accepts a token expired within the 60 s skew', async () => {
    expect((await call(edge.baseUrl, packages(MINE), `Bearer ${await sign({ exp: now() - 20 })}`)).status).toBe(200);
  });
});

describe('access order: token → account → role → body', () => {
  const post = (account: string, token: string | undefined, body: string, type = 'application/json') =>
    call(edge.baseUrl, packages(account), token, { method: 'POST', body, headers: { 'content-type': type } });

  it('hides foreign and malformed accounts as a missing collection, before the role', async () => {
    const viewer = `Bearer ${await sign({ role: 'viewer' })}`;
    expect(await problemOf(await call(edge.baseUrl, packages(OTHER), viewer))).toEqual([404, 2]);
    expect(await problemOf(await post(OTHER, viewer, '{}'))).toEqual([404, 2]);
    expect(await problemOf(await call(edge.baseUrl, packages('NOT-A-UUID'), `Bearer ${await sign({ accounts: ['*'] })}`))).toEqual([404, 2]);
    expect((await call(edge.baseUrl, packages(OTHER), `Bearer ${await sign({ role: 'viewer', accounts: ['*'] })}`)).status).toBe(200);
  });

  it('needs member to write an account and admin to write the catalog', async () => {
    const viewer = `Bearer ${await sign({ role: 'viewer' })}`;
    expect(await problemOf(await post(MINE, viewer, '{}'))).toEqual([403, 11]);
    expect((await post(MINE, `Bearer ${await sign({ role: 'member' })}`, '{"a":1}')).status).toBe(201);
    const catalogPost = (role: string) =>
      sign({ role }).then((t) => call(edge.baseUrl, '/packages', `Bearer ${t}`, { method: 'POST', body: '{"title":"t"}', headers: { 'content-type': 'application/json' } }));
    expect(await problemOf(await catalogPost('member'))).toEqual([403, 403]);
    expect((await catalogPost('admin')).status).toBe(201);
    expect((await call(edge.baseUrl, '/packages/a', viewer)).status).toBe(200);
  });

  it('judges the body only after token, account and role', async () => {
    const member = `Bearer ${await sign({ role: 'member' })}`;
    const viewer = `Bearer ${await sign({ role: 'viewer' })}`;
    expect(await problemOf(await post(MINE, undefined, '{"broken":'))).toEqual([401, 3]);
    expect(await problemOf(await post(MINE, undefined, 'x', 'text/plain'))).toEqual([401, 3]);
    expect(await problemOf(await post(OTHER, member, '{"broken":'))).toEqual([404, 2]);
    expect(await problemOf(await post(MINE, viewer, '{"broken":'))).toEqual([403, 11]);
    expect(await problemOf(await post(MINE, member, '{"broken":'))).toEqual([400, 7]);
    expect(await problemOf(await post(MINE, member, 'x', 'text/plain'))).toEqual([415, 32]);
  });
});

describe('JWKS (RS256/ES256)', () => {
  let jwksServer: Server;
  let keys: JWK[] = [];
  let fetches = 0;
  let jwksEdge: EdgeTestApp;

  beforeAll(async () => {
    jwksServer = createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const address = jwksServer.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    // A local endpoint over plain http: allowed only because the test says so.
    const env = { AUTH_JWT_SECRET: '', AUTH_JWKS_URL: `http://127.0.0.1:${address.port}/jwks.json`, AUTH_JWKS_ALLOW_HTTP: 'true' };
    const verifier = createTokenVerifier({ keys: { kind: 'jwks', jwksUrl: new URL(env.AUTH_JWKS_URL) } }, { cooldownMs: 0 });
    jwksEdge = await startEdgeTestApp(EdgeTestModule, { env, verifier });
  });
  afterAll(async () => {
    await jwksEdge.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  const keyPair = async (alg: 'RS256' | 'ES256', kid: string) => {
    const pair = await generateKeyPair(alg, { extractable: true });
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
    const token = await new SignJWT({ sub: 'u', role: 'viewer', accounts: ['*'], exp: now() + 60 }).setProtectedHeader({ alg, kid }).sign(pair.privateKey);
    return { jwk, token };
  };

  it('accepts keys of the set, fetches a rotated-in key on an unknown kid, and refuses HS256 with the public key', async () => {
    const rsa = await keyPair('RS256', 'r1');
    keys = [rsa.jwk];
    expect((await call(jwksEdge.baseUrl, packages(MINE), `Bearer ${rsa.token}`)).status).toBe(200);
    expect((await call(jwksEdge.baseUrl, packages(MINE), `Bearer ${rsa.token}`)).status).toBe(200);
    expect(fetches).toBe(1);

    const ec = await keyPair('ES256', 'e2');
    keys = [rsa.jwk, ec.jwk];
    expect((await call(jwksEdge.baseUrl, packages(MINE), `Bearer ${ec.token}`)).status).toBe(200);
    expect(fetches).toBe(2);

    const confused = await new SignJWT({ sub: 'u', role: 'owner', accounts: ['*'], exp: now() + 60 })
      .setProtectedHeader({ alg: 'HS256', kid: 'r1' })
      .sign(new TextEncoder().encode(JSON.stringify(rsa.jwk)));
    expect(await problemOf(await call(jwksEdge.baseUrl, packages(MINE), `Bearer ${confused}`))).toEqual([401, 4]);
  });
});
