import { AccountNotFoundError, ForbiddenError, MissingTokenError } from './auth.errors.js';
import { authorize, bearerToken } from './auth.guard.js';
import type { Principal } from './principal.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '2222aaaa-2222-4222-8222-22222222bbbb';
const who = (role: Principal['role'], accounts: Principal['accounts'] = [A]): Principal => ({ sub: 'u', role, accounts });

describe('bearerToken', () => {
  it('reads the token after the Bearer scheme, case-insensitively', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   xyz')).toBe('xyz');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer   '])('treats %p as a missing token', (header) => {
    expect(() => bearerToken(header)).toThrow(MissingTokenError);
  });
});

describe('authorize', () => {
  const account = (minimum: Principal['role']) => ({ kind: 'account' as const, minimum, param: 'account_id' });

  it('lets a role at or above the minimum through', () => {
    expect(() => authorize(who('admin'), { kind: 'role', minimum: 'admin' }, {})).not.toThrow();
    expect(() => authorize(who('owner'), { kind: 'role', minimum: 'admin' }, {})).not.toThrow();
    expect(() => authorize(who('member'), { kind: 'role', minimum: 'admin' }, {})).toThrow(ForbiddenError);
  });

  it('hides an account the token does not name before judging the role', () => {
    expect(() => authorize(who('viewer'), account('member'), { account_id: B })).toThrow(AccountNotFoundError);
    expect(() => authorize(who('viewer'), account('member'), { account_id: A })).toThrow(ForbiddenError);
    expect(() => authorize(who('member'), account('member'), { account_id: A })).not.toThrow();
  });

  it('lets * reach any account and answers a malformed account id as not found', () => {
    expect(() => authorize(who('viewer', '*'), account('viewer'), { account_id: B })).not.toThrow();
    expect(() => authorize(who('owner', '*'), account('viewer'), { account_id: B.toUpperCase() })).toThrow(AccountNotFoundError);
    expect(() => authorize(who('owner', '*'), account('viewer'), {})).toThrow(AccountNotFoundError);
  });
});
