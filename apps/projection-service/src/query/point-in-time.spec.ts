import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { parseAsOf, rfc3339Millis } from './point-in-time.js';

describe('as_of / asOf', () => {
  it('reads a positive stream position', () => {
    expect(parseAsOf({ as_of: '42' }, 'as_of')).toEqual({ at: 'position', position: 42, text: '42' });
    expect(parseAsOf({}, 'as_of')).toBeUndefined();
  });

  it.each([
    ['2026-01-31T12:00:00Z', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31t12:00:00z', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31T14:30:00+02:30', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31T11:00:00-01:00', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31T12:00:00.123999999Z', Date.UTC(2026, 0, 31, 12, 0, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2016-12-31T23:59:60Z', Date.UTC(2017, 0, 1)],
    ['0001-01-01T00:00:00Z', -62135596800000],
    ['9999-12-31T23:59:59.999Z', 253402300799999],
  ])('reads the RFC 3339 time %s to the millisecond (fraction truncated)', (text, ms) => {
    expect(rfc3339Millis(text)).toBe(ms);
    expect(parseAsOf({ asOf: text }, 'asOf')).toEqual({ at: 'time', ms, text });
  });

  it.each(['0', '-1', '01', '1e3', '12345678901234567', '2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-01T24:00:00Z',
    '2026-01-01T00:60:00Z', '2026-01-01T00:00:61Z', '2026-01-01T00:00:00', '2026-01-01T00:00:00+2:00', '2026-01-01T00:00:00+24:00', '2026-01-01', '20260101T000000Z',
    '2026-01-01T00:00:00.Z', '2026-01-01T00:00:00.1234567890Z', ' 2026-01-01T00:00:00Z', '２０２６-01-01T00:00:00Z', ''])('refuses %p at the parameter', (text) => {
    expect(() => parseAsOf({ as_of: text }, 'as_of')).toThrow(BadRequestError);
    try {
      parseAsOf({ as_of: text }, 'as_of');
    } catch (err) {
      expect((err as BadRequestError).location).toBe('query.as_of');
    }
  });

  it('hints at %2B when a + offset arrived as a space, and refuses a repeated parameter', () => {
    expect(() => parseAsOf({ as_of: '2026-01-01T00:00:00 02:00' }, 'as_of')).toThrow(/%2B/);
    expect(() => parseAsOf({ as_of: ['1', '2'] }, 'as_of')).toThrow('must be given at most once');
  });
});
