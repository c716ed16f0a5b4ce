import { PreconditionFailedError } from '../../../domain/src/errors.js';
import { BadRequestError } from '../errors/http.errors.js';
import { assertIfMatch, formatETag, ifNoneMatchHits, parseIfMatch } from './etag.js';
import { astraContentType } from './media-type.js';
import { absoluteUrl, schemaUrl } from './urls.js';

describe('ETags', () => {
  it('formats a strong ETag', () => {
    expect(formatETag(42)).toBe('"42"');
  });

  it('parses If-Match: *, one or several versions, weak tags never matching', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toEqual({ any: true });
    expect(parseIfMatch('"3"')).toEqual({ any: false, versions: [3] });
    expect(parseIfMatch(' "3" , "5"')).toEqual({ any: false, versions: [3, 5] });
    expect(parseIfMatch('W/"3", "4"')).toEqual({ any: false, versions: [4] });
  });

  it.each(['3', '"abc"', '"3', '"3",', '', '*, "3"'])('answers a malformed If-Match %p with a 400 at header.if-match', (header) => {
    try {
      parseIfMatch(header);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).location).toBe('header.if-match');
    }
  });

  it('checks If-Match against the current version', () => {
    expect(() => assertIfMatch(undefined, 3)).not.toThrow();
    expect(() => assertIfMatch({ any: true }, 3)).not.toThrow();
    expect(() => assertIfMatch({ any: true }, undefined)).toThrow(PreconditionFailedError);
    expect(() => assertIfMatch({ any: false, versions: [2, 3] }, 3)).not.toThrow();
    expect(() => assertIfMatch({ any: false, versions: [2] }, 3)).toThrow(PreconditionFailedError);
  });

  it('matches If-None-Match weakly, ignoring a malformed header', () => {
    expect(ifNoneMatchHits('"7"', 7)).toBe(true);
    expect(ifNoneMatchHits('W/"7"', 7)).toBe(true);
    expect(ifNoneMatchHits('*', 7)).toBe(true);
    expect(ifNoneMatchHits('"6", "8"', 7)).toBe(false);
    expect(ifNoneMatchHits('garbage', 7)).toBe(false);
    expect(ifNoneMatchHits(undefined, 7)).toBe(false);
  });
});

describe('absolute URLs', () => {
  it('prefers X-Forwarded-Proto and X-Forwarded-Host (first item) over Host', () => {
    const headers = { host: 'internal:3000', 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'api.example.com, proxy' };
    expect(absoluteUrl({ headers }, '/packages/x/')).toBe('https://api.example.com/packages/x/');
  });

  it('falls back to the request protocol and Host', () => {
    expect(schemaUrl({ headers: { host: '127.0.0.1:3001' }, protocol: 'http' }, 'PackageVersionSet')).toBe(
      'http://127.0.0.1:3001/schemas/PackageVersionSet.json',
    );
  });

  it('ignores forwarded values that are not a scheme or host', () => {
    const headers = { host: 'svc:3000', 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example/path' };
    expect(absoluteUrl({ headers }, 'x')).toBe('http://svc:3000/x');
  });
});

describe('astraContentType', () => {
  const astra = 'application/astra-package+json';
  const json = 'application/json';

  it('answers a package in application/astra-package+json unless Accept prefers application/json', () => {
    for (const accept of [astra, '*/*', 'application/*', 'text/html', '', `${json};q=0.5, ${astra}`, `${json}, ${astra}`]) {
      expect(astraContentType({ accept })).toBe(astra);
    }
    expect(astraContentType({})).toBe(astra);
    for (const accept of [json, `${json}; charset=utf-8`, `${astra};q=0.5, ${json}`, `${json}, */*;q=0.8`, `${astra};q=0, */*`]) {
      expect(astraContentType({ accept })).toBe(json);
    }
  });

  it('answers the list in application/json, its declared type, unless Accept prefers application/astra-package+json', () => {
    for (const accept of [json, '*/*', 'application/*', '', `${json}, ${astra}`]) expect(astraContentType({ accept }, json)).toBe(json);
    expect(astraContentType({}, json)).toBe(json);
    for (const accept of [astra, `text/html, ${astra};q=0.5`, `${json};q=0.1, ${astra}`]) expect(astraContentType({ accept }, json)).toBe(astra);
  });
});
