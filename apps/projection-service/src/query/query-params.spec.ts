import { BadRequestError, UnknownQueryParameterError } from '../../../../libs/http/src/errors/http.errors.js';
import { assertKnownParams, booleanParam, integerParam, repeated, single } from './query-params.js';

describe('query parameters', () => {
  it('names every unknown parameter, sorted', () => {
    expect(() => assertKnownParams({ page_size: '1' }, ['page_size'])).not.toThrow();
    try {
      assertKnownParams({ zeta: '1', page_size: '1', alpha: ['a', 'b'] }, ['page_size']);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownQueryParameterError);
      expect((error as UnknownQueryParameterError).names).toEqual(['alpha', 'zeta']);
    }
  });

  it('reads single, repeated, integer and boolean parameters', () => {
    expect(single({ a: 'x' }, 'a')).toBe('x');
    expect(repeated({ f: 'x' }, 'f')).toEqual(['x']);
    expect(repeated({ f: ['x', 'y'] }, 'f')).toEqual(['x', 'y']);
    expect(repeated({}, 'f')).toEqual([]);
    expect(integerParam({}, 'n', { min: 1, max: 10, default: 5 })).toBe(5);
    expect(integerParam({ n: '10' }, 'n', { min: 1, max: 10, default: 5 })).toBe(10);
    expect(integerParam({ n: '0' }, 'n', { min: 0, default: 0 })).toBe(0);
    expect([booleanParam({}, 'c'), booleanParam({ c: 'true' }, 'c'), booleanParam({ c: 'false' }, 'c')]).toEqual([false, true, false]);
  });

  it.each([
    () => single({ a: ['x', 'y'] }, 'a'),
    () => integerParam({ n: '11' }, 'n', { min: 1, max: 10, default: 5 }),
    () => integerParam({ n: '01' }, 'n', { min: 1, max: 10, default: 5 }),
    () => integerParam({ n: '' }, 'n', { min: 1, max: 10, default: 5 }),
    () => integerParam({ n: '99999999999999999' }, 'n', { min: 0, default: 0 }),
    () => booleanParam({ c: 'TRUE' }, 'c'),
  ])('refuses a malformed value at query.<name> (%#)', (read) => {
    expect(read).toThrow(BadRequestError);
  });
});
