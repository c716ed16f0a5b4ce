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

  it("writes accounts tokens as padded standard base64 (the vendor's type_base64_data) and reads both encodings", () => {
    const BASE64_DATA = /^([A-Za-z0-9+/]{4})*(([A-Za-z0-9+/]{2})==|([A-Za-z0-9+/]{3})=)?$/;
    for (const position of [[1], ['~~~>>>???', 7], ['00001.~', 'v1.22', 42], ['2026-01-01T00:00:00.000Z', 12345]]) {
      const token = encodePageToken('account-packages', 'scope-1', position, 'base64');
      expect(token).toMatch(BASE64_DATA);
      expect(decodePageToken(token, 'account-packages', 'scope-1', 'query.continue')).toEqual(position);
      // An unpadded base64url token issued before the change still pages.
      const old = encodePageToken('account-packages', 'scope-1', position);
      expect(decodePageToken(old, 'account-packages', 'scope-1', 'query.continue')).toEqual(position);
      // A `+` the client did not percent-encode arrives as a space.
      expect(decodePageToken(token.replaceAll('+', ' '), 'account-packages', 'scope-1', 'query.continue')).toEqual(position);
    }
    const withPlus = encodePageToken('account-packages', 'scope-1', ['~~~>>>???'], 'base64');
    expect(withPlus).toMatch(/[+/]/);
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
