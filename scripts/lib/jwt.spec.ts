import { decodeJwt } from 'jose';
import { createTokenVerifier } from '../../libs/http/src/auth/token.verifier.js';
// @ts-expect-error plain ESM script without type declarations
import { mintToken } from './jwt.mjs';

const secret = 'a-development-secret-of-at-least-32-bytes';
const account = '0b7e3c1a-5d2f-4e8b-9a61-2c4d8f0e1b3a';
const verifierFor = (options: { issuer?: string; audience?: string } = {}) =>
  createTokenVerifier({ keys: { kind: 'secret', secret: new TextEncoder().encode(secret) }, ...options });

describe('npm run token', () => {
  it('mints a token the services accept, with the given sub, role and accounts', async () => {
    const sub = 'f3a1e2d4-0c5b-4a6e-8f70-1a2b3c4d5e6f';
    const token: string = await mintToken({ secret, role: 'member', accounts: [account], sub, ttl: '2h' });
    await expect(verifierFor()(token)).resolves.toEqual({ sub, role: 'member', accounts: [account] });
    const { iat, exp } = decodeJwt(token);
    expect((exp ?? 0) - (iat ?? 0)).toBe(7200);
  });

  it('collapses any list holding "*" to every account', async () => {
    const token: string = await mintToken({ secret, role: 'admin', accounts: [account, '*'] });
    await expect(verifierFor()(token)).resolves.toMatchObject({ role: 'admin', accounts: '*' });
  });

  it('carries iss and aud when configured, so services that check them accept it', async () => {
    const options = { issuer: 'https://issuer.example', audience: 'artifact-register' };
    const token: string = await mintToken({ secret, role: 'viewer', accounts: [], ...options });
    await expect(verifierFor(options)(token)).resolves.toMatchObject({ role: 'viewer' });
    await expect(verifierFor({ ...options, audience: 'other' })(token)).rejects.toThrow();
  });

  it.each([
    [{ role: 'superuser', accounts: [] }, /role must be one of/],
    [{ role: 'admin', accounts: ['ACME'] }, /lower-case UUID/],
    [{ role: 'admin', accounts: [], ttl: 'soon' }, /ttl must look like/],
  ])('refuses %j', async (claims, message) => {
    await expect(mintToken({ secret, ...claims })).rejects.toThrow(message);
  });
});
