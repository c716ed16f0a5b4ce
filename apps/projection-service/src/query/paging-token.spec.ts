import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { afterNumber, decodePageToken, encodePageToken } from './paging-token.js';

const refused = (fn: () => unknown): BadRequestError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('accepted');
};

describe('page tokens', () => {
  it('round-trip a keyset position for the same route and scope, as URL-safe text', () => {
    const token = encodePageToken('account-packages', 'scope-1', ['00001.~', 'v1.22', 42]);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, 'account-packages', 'scope-1', 'query.continue')).toEqual(['00001.~', 'v1.22', 42]);
    expect(afterNumber(encodePageToken('packages', 's', [7]), 'packages', 's', 'query.continuation_token')).toBe(7);
    expect(afterNumber(undefined, 'packages', 's', 'query.continuation_token')).toBe(0);
  });

  it('refuses a token of another route or scope, a tampered one and garbage, at the given location', () => {
    const token = encodePageToken('packages', 'filters-a', [7]);
    expect(refused(() => decodePageToken(token, 'versionsets', 'filters-a', 'query.continuation_token')).location).toBe('query.continuation_token');
    expect(refused(() => decodePageToken(token, 'packages', 'filters-b', 'query.x')).location).toBe('query.x');
    const forged = Buffer.from(JSON.stringify({ k: 'packages', s: 'nope', p: [1] })).toString('base64url');
    refused(() => decodePageToken(forged, 'packages', 'filters-a', 'query.x'));
    for (const garbage of ['', '!!', 'e30', Buffer.from('[1]').toString('base64url'), 'a'.repeat(3000)]) {
      refused(() => decodePageToken(garbage, 'packages', 'filters-a', 'query.x'));
    }
    const objectPosition = Buffer.from(JSON.stringify({ k: 'packages', s: 'x', p: [{}] })).toString('base64url');
    refused(() => decodePageToken(objectPosition, 'packages', 'x', 'query.x'));
    refused(() => afterNumber(encodePageToken('packages', 's', ['7']), 'packages', 's', 'query.x'));
  });
});
