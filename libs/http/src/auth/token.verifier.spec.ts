import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { InvalidTokenError } from './auth.errors.js';
import { signDevToken } from './dev-token.js';
import { createTokenVerifier, principalFrom, verifierFor, JWKS_ALGORITHMS } from './token.verifier.js';
import { createVerifiedTokenCache } from './verified-token.cache.js';

const SECRET = 'a-development-secret-of-32-bytes-or-more';
const secretBytes = new TextEncoder().encode(SECRET);
const verify = createTokenVerifier({
  keys: { kind: 'secret', secret: secretBytes },
  issuer: 'https://issuer.test',
  audience: 'artifact-register',
});
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const hs256 = (claims: Record<string, unknown>, key: Uint8Array = secretBytes) =>
  new SignJWT({
    role: 'member',
    accounts: [],
    sub: 'user-1',
    iss: 'https://issuer.test',
    aud: 'artifact-register',
    exp: now() + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(key);

const rejection = async (token: Promise<string> | string) => {
  const error = await verify(await token).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
};

describe('HS256 token verification', () => {
  it('accepts a well-formed token and maps its claims', async () => {
    expect(await verify(await hs256({ accounts: ['a', 'b'] }))).toEqual({ sub: 'user-1', role: 'member', accounts: ['a', 'b'] });
    expect((await verify(await hs256({ accounts: ['*'] }))).accounts).toBe('*');
  });

  it('rejects malformed tokens, wrong signatures and alg none', async () => {
    expect(await rejection('not-a-jwt')).toBe('malformed token');
    expect(await rejection(hs256({}, new TextEncoder().encode('another-secret-that-is-32-bytes-long')))).toBe('signature verification failed');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'owner', exp: now() + 60, iss: 'https://issuer.test', aud: 'artifact-register' })}.`;
    expect(await rejection(unsigned)).toMatch(/algorithm not allowed|malformed/);
  });

  it('requires exp and applies 60 s of clock skew', async () => {
    const noExp = new SignJWT({ role: 'member' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('https://issuer.test').setAudience('artifact-register').sign(secretBytes);
    expect(await rejection(noExp)).toMatch(/"exp"/);
    expect(await rejection(hs256({ exp: now() - 120 }))).toBe('token expired');
    expect((await verify(await hs256({ exp: now() - 30 }))).sub).toBe('user-1');
    expect(await rejection(hs256({ nbf: now() + 120 }))).toMatch(/"nbf"/);
    expect((await verify(await hs256({ nbf: now() + 30 }))).sub).toBe('user-1');
  });

  it('checks issuer and audience when configured', async () => {
    expect(await rejection(hs256({ iss: 'https://elsewhere.test' }))).toMatch(/"iss"/);
    expect(await rejection(hs256({ aud: 'another-api' }))).toMatch(/"aud"/);
  });

  it('rejects tokens without a usable sub, role or accounts', async () => {
    expect(await rejection(hs256({ role: 'superuser' }))).toMatch(/role/);
    expect(await rejection(hs256({ sub: '' }))).toMatch(/sub/);
    expect(await rejection(hs256({ accounts: 'a' }))).toMatch(/accounts/);
  });

  it('rejects an RS256 token when configured with a secret', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const rs = await new SignJWT({ role: 'owner' }).setProtectedHeader({ alg: 'RS256' }).setSubject('u').setExpirationTime(now() + 60).sign(privateKey);
    expect(await rejection(rs)).toBe('signing algorithm not allowed');
  });

  it('accepts what signDevToken signs', async () => {
    const plain = createTokenVerifier({ keys: { kind: 'secret', secret: secretBytes } });
    const token = await signDevToken({ secret: SECRET, sub: 'dev', role: 'admin', accounts: ['*'], ttl: '1h' });
    expect(await plain(token)).toEqual({ sub: 'dev', role: 'admin', accounts: '*' });
  });
});

describe('JWKS token verification', () => {
  it('accepts RS256 and ES256 keys of the set and refuses an HS256 token signed with the public key', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ec = await generateKeyPair('ES256', { extractable: true });
    const rsaJwk: JWK = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256' };
    const ecJwk: JWK = { ...(await exportJWK(ec.publicKey)), kid: 'ec', alg: 'ES256' };
    const jwks = verifierFor(createLocalJWKSet({ keys: [rsaJwk, ecJwk] }), { algorithms: JWKS_ALGORITHMS });
    const sign = (alg: string, kid: string, key: Parameters<SignJWT['sign']>[0]) =>
      new SignJWT({ role: 'viewer' }).setProtectedHeader({ alg, kid }).setSubject('u').setExpirationTime(now() + 60).sign(key);
    expect((await jwks(await sign('RS256', 'rsa', rsa.privateKey))).role).toBe('viewer');
    expect((await jwks(await sign('ES256', 'ec', ec.privateKey))).role).toBe('viewer');
    // Key confusion: the attacker knows the public key and uses its bytes as an HMAC secret.
    const forged = await sign('HS256', 'rsa', new TextEncoder().encode(JSON.stringify(rsaJwk)));
    await expect(jwks(forged)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('principalFrom', () => {
  it('treats missing accounts as none', () => {
    expect(principalFrom({ sub: 's', role: 'admin' })).toEqual({ sub: 's', role: 'admin', accounts: [] });
  });
});

describe('verified token reuse', () => {
  const options = { issuer: 'https://issuer.test', audience: 'artifact-register', algorithms: ['HS256'] };

  it('remembers successes only, and a cached principal cannot be changed by a caller', async () => {
    const cache = createVerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    const cached = verifierFor(secretBytes, options, cache);
    const token = await hs256({ accounts: ['a'] });
    const first = await cached(token);
    expect(await cached(token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.accounts)).toBe(true);
    await expect(cached(await hs256({ role: 'superuser' }))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(cached(`${token.slice(0, -2)}xx`)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(cached(await hs256({}, new TextEncoder().encode('another-secret-that-is-32-bytes-long')))).rejects.toBeInstanceOf(InvalidTokenError);
    expect(cache.size).toBe(1);
  });

  it('keeps a token only until its exp: one within the clock skew is verified every time', async () => {
    const cache = createVerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    const cached = verifierFor(secretBytes, options, cache);
    expect((await cached(await hs256({ exp: now() - 30 }))).sub).toBe('user-1');
    expect(cache.size).toBe(0);
    const soon = await hs256({ exp: now() + 2 });
    await cached(soon);
    expect(cache.get(soon, (now() + 2) * 1000)).toBeUndefined();
  });
});
