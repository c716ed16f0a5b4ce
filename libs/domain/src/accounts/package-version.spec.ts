import fc from 'fast-check';
import semver from 'semver';
import { ValidationError } from '../errors.js';
import { caught } from '../test-support.js';
import { compareLooseVersions, parseLooseVersion, versionSortKey } from './package-version.js';

const byteOrder = (a: string, b: string): number => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('loose versions', () => {
  test.each([
    ['22.09.1', '22.9.1'],
    ['v1.19.7', '1.19.7'],
    ['v1.22', '1.22.0'],
    ['22.04.29', '22.4.29'],
    ['v21.01.1', '21.1.1'],
    ['1.2.3-rc.1+build.5', '1.2.3-rc.1'],
    ['1', '1.0.0'],
  ])('%s parses as %s', (written, parsed) => {
    expect(parseLooseVersion(written)).toBe(parsed);
  });

  test.each(['banana', '', 'v', '..'])('%j does not parse', (written) => {
    expect(parseLooseVersion(written)).toBeNull();
  });

  test('compares by precedence across written forms', () => {
    expect(compareLooseVersions('v1.19.7', 'v1.22')).toBeLessThan(0);
    expect(compareLooseVersions('22.09.1', '22.9.1')).toBe(0);
    expect(compareLooseVersions('22.10.0', '22.09.1')).toBeGreaterThan(0);
  });
});

describe('versionSortKey', () => {
  test('orders a known list in SemVer precedence, byte-wise', () => {
    const ordered = ['0.9.0', '1.0.0-0', '1.0.0-1', '1.0.0-2', '1.0.0-10', '1.0.0-alpha', '1.0.0-alpha.1',
      '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', 'v1.2', '1.10.0',
      '2.0.0', '22.09.1', '22.10.0'];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort((a, b) => byteOrder(versionSortKey(a), versionSortKey(b)))).toEqual(ordered);
  });

  test('a prefix identifier list sorts first, and hyphenated words after their prefix', () => {
    expect(byteOrder(versionSortKey('1.0.0-alpha'), versionSortKey('1.0.0-alpha-x'))).toBe(-1);
    expect(byteOrder(versionSortKey('1.0.0-alpha.1'), versionSortKey('1.0.0-alpha-x'))).toBe(-1);
    expect(byteOrder(versionSortKey('1.0.0-alpha'), versionSortKey('1.0.0-alpha.0'))).toBe(-1);
  });

  test('equal precedence gives equal keys (build metadata and written form ignored)', () => {
    expect(versionSortKey('v1.22')).toBe(versionSortKey('1.22.0+build'));
  });

  test('a non-version is a ValidationError', () => {
    expect(caught(() => versionSortKey('banana'))).toBeInstanceOf(ValidationError);
  });

  test('byte order of keys equals semver.compare for random versions', () => {
    const numeric = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
    const identifier = fc.oneof(
      numeric.map(String),
      fc.stringMatching(/^[0-9A-Za-z-]{0,6}[A-Za-z-][0-9A-Za-z-]{0,6}$/),
    );
    const version = fc
      .tuple(numeric, numeric, numeric, fc.array(identifier, { maxLength: 4 }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre.length > 0 ? `-${pre.join('.')}` : ''}`);
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(byteOrder(versionSortKey(a), versionSortKey(b))).toBe(semver.compare(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
