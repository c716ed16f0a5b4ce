import { BadRequestError, UnknownQueryParameterError } from '../../../../libs/http/src/errors/http.errors.js';
import { listScope, parseListRequest } from './astra-list-request.js';

describe('parseListRequest', () => {
  it('has defaults: no filter, creation order, limit 1000, no skip, no count', () => {
    expect(parseListRequest({})).toEqual({ terms: [], order: undefined, include: undefined, limit: 1000, skip: 0, continueToken: undefined, count: false });
  });

  it('reads every parameter', () => {
    const request = parseListRequest({
      filter: "packageState eq 'available'",
      orderBy: 'packageVersion desc',
      include: 'id',
      limit: '5',
      skip: '2',
      count: 'true',
    });
    expect(request).toMatchObject({ order: { field: 'packageVersion', direction: 'desc' }, include: ['id'], limit: 5, skip: 2, count: true });
  });

  it('answers unknown parameters (problem 6) before malformed ones', () => {
    expect(() => parseListRequest({ page_size: '1', limit: '0' })).toThrow(UnknownQueryParameterError);
  });

  it.each([
    [{ limit: '1001' }, 'query.limit'],
    [{ limit: '1.5' }, 'query.limit'],
    [{ skip: '-1' }, 'query.skip'],
    [{ count: '1' }, 'query.count'],
    [{ limit: ['1', '2'] }, 'query.limit'],
    [{ continue: 'abc', skip: '3' }, 'query.skip'],
  ])('refuses %p at %s', (query, location) => {
    try {
      parseListRequest(query);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).location).toBe(location);
    }
  });

  it('scopes continue tokens to the account, the filters and the order, not to limit or include', () => {
    const base = parseListRequest({ filter: "packageType eq 'patch'", orderBy: 'packageName' });
    const sameScope = parseListRequest({ filter: "packageType  eq 'patch'", orderBy: 'packageName asc', limit: '2', include: 'id' });
    expect(listScope('a', sameScope)).toBe(listScope('a', base));
    expect(listScope('b', base)).not.toBe(listScope('a', base));
    expect(listScope('a', parseListRequest({ orderBy: 'packageName desc', filter: "packageType eq 'patch'" }))).not.toBe(listScope('a', base));
  });
});
