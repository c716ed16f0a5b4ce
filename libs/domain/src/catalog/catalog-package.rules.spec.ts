import {
  aliasIssues,
  aliasTakenConflict,
  isAlias,
  isPackageId,
  isSemver,
  normalizePackage,
  packageBodyIssues,
  parseVersionSetNumber,
  rangeHolds,
  rangesOverlap,
  versionConstraintIssues,
} from './catalog-package.rules.js';
import { newPackageId, packageBody } from './catalog-package.test-factories.js';

const paths = (issues: { path: string }[]): string[] => issues.map((issue) => issue.path);

describe('catalog rules: aliases', () => {
  test.each(['argo-workflows', 'a', 'cert_manager.v1', '0-9'])('alias format accepts %s', (alias) => {
    expect(isAlias(alias)).toBe(true);
    expect(aliasIssues([alias])).toEqual([]);
  });

  test('alias of 100 characters is accepted, 101 rejected', () => {
    expect(aliasIssues(['x'.repeat(100)])).toEqual([]);
    expect(paths(aliasIssues(['x'.repeat(101)]))).toEqual(['aliases[0]']);
  });

  test.each(['', 'Argo', 'argo workflows', 'argo/wf', 'é'])('alias format rejects %j', (alias) => {
    expect(isAlias(alias)).toBe(false);
    expect(aliasIssues(['ok', alias])).toEqual([expect.objectContaining({ path: 'aliases[1]', value: alias })]);
  });

  test('alias starting with pkg_ is rejected with a reason', () => {
    expect(aliasIssues(['pkg_argo'])).toEqual([
      expect.objectContaining({ path: 'aliases[0]', message: expect.stringContaining('pkg_') }),
    ]);
  });

  test('at most 32 aliases per package', () => {
    const aliases = (n: number): string[] => Array.from({ length: n }, (_, i) => `alias-${i}`);
    expect(aliasIssues(aliases(32))).toEqual([]);
    expect(paths(aliasIssues(aliases(33)))).toEqual(['aliases']);
  });

  test('duplicate aliases within a request are reported at the repeat', () => {
    expect(aliasIssues(['a', 'b', 'a'])).toEqual([
      expect.objectContaining({ path: 'aliases[2]', message: 'duplicates aliases[0]' }),
    ]);
  });

  test('a taken alias is a conflict naming its index', () => {
    expect(aliasTakenConflict('argo', 3).issues).toEqual([expect.objectContaining({ path: 'aliases[3]', value: 'argo' })]);
  });
});

describe('catalog rules: package body', () => {
  test('a minimal body is valid', () => {
    expect(packageBodyIssues(packageBody())).toEqual([]);
  });

  test.each([
    ['title empty', { title: '' }, 'title'],
    ['title 201 characters', { title: 't'.repeat(201) }, 'title'],
    ['unknown system', { system: 'docker' as never }, 'system'],
    ['description over 10000', { description: 'd'.repeat(10_001) }, 'description'],
    ['unknown scheme', { versioning: { scheme: 'odd' as never } }, 'versioning.scheme'],
    ['unknown release_cycle', { versioning: { release_cycle: 'weekly' as never } }, 'versioning.release_cycle'],
    ['unknown support_model', { versioning: { support_model: 'lts' as never } }, 'versioning.support_model'],
    ['negative release_interval_days', { versioning: { release_interval_days: -1 } }, 'versioning.release_interval_days'],
    ['fractional release_interval_days', { versioning: { release_interval_days: 1.5 } }, 'versioning.release_interval_days'],
  ])('rejects %s', (_name, overrides, path) => {
    expect(paths(packageBodyIssues(packageBody(overrides)))).toEqual([path]);
  });

  test('title of 200 characters, description of 10000 and release_interval_days 0 are valid', () => {
    const body = packageBody({ title: 't'.repeat(200), description: 'd'.repeat(10_000), versioning: { release_interval_days: 0 } });
    expect(packageBodyIssues(body)).toEqual([]);
  });

  test('reports every issue at once', () => {
    const body = packageBody({ title: '', aliases: ['Bad', 'pkg_x'], versioning: { scheme: 'x' as never } });
    expect(paths(packageBodyIssues(body))).toEqual(['title', 'aliases[0]', 'aliases[1]', 'versioning.scheme']);
  });

  test('null means absent', () => {
    expect(packageBodyIssues(packageBody({ aliases: null, description: null, versioning: null }))).toEqual([]);
  });

  test('omitted optional fields take defaults: aliases none, versioning unknown/none/none, description null', () => {
    const id = newPackageId();
    expect(normalizePackage(id, packageBody())).toEqual({
      id,
      title: 'Argo Workflows',
      system: 'helm',
      aliases: [],
      description: null,
      versioning: { scheme: 'unknown', release_cycle: 'none', support_model: 'none' },
    });
  });
});

describe('catalog rules: ids', () => {
  test('isPackageId takes pkg_ + lower-case UUID v4 only', () => {
    expect(isPackageId('pkg_dda0b12f-9a76-43ff-a024-9839ed3ee57b')).toBe(true);
    expect(isPackageId('pkg_DDA0B12F-9A76-43FF-A024-9839ED3EE57B')).toBe(false);
    expect(isPackageId('pkg_dda0b12f-9a76-13ff-a024-9839ed3ee57b')).toBe(false);
    expect(isPackageId('proj_dda0b12f-9a76-43ff-a024-9839ed3ee57b')).toBe(false);
    expect(isPackageId('argo-workflows')).toBe(false);
  });

  test('parseVersionSetNumber takes decimal integers only', () => {
    expect(parseVersionSetNumber('1')).toBe(1);
    expect(parseVersionSetNumber('42')).toBe(42);
    expect([parseVersionSetNumber('01'), parseVersionSetNumber('1.5'), parseVersionSetNumber('x')]).toEqual([null, null, null]);
    expect(parseVersionSetNumber('99999999999999999')).toBeNull();
  });
});

describe('catalog rules: version constraints', () => {
  test.each(['>=1.2.1', '<2.34.50', '>=1.0 <2', '1.x || >=3.0.0', '~1.2.3', '^0.4'])('accepts %s', (range) => {
    expect(versionConstraintIssues(range)).toEqual([]);
  });

  test.each(['', '   '])('rejects the empty range %j with a reason', (range) => {
    expect(versionConstraintIssues(range)).toEqual([
      { path: 'version_constraint', message: expect.stringContaining('empty'), value: range },
    ]);
  });

  test('rejects ">=1.0, <2" saying commas are not range syntax', () => {
    expect(versionConstraintIssues('>=1.0, <2')).toEqual([
      { path: 'version_constraint', message: expect.stringContaining('commas'), value: '>=1.0, <2' },
    ]);
  });

  test.each(['banana', '>=x.y', '1.2.3.4'])('rejects the non-range %s', (range) => {
    expect(versionConstraintIssues(range)).toEqual([expect.objectContaining({ path: 'version_constraint' })]);
  });

  test('rejects a range over 1024 characters', () => {
    expect(versionConstraintIssues(`>=${'1'.repeat(1030)}`)).toHaveLength(1);
  });

  test('overlap is evaluated with prereleases included', () => {
    expect(rangesOverlap('>=1.0 <2', '>=2.0.0')).toBe(false);
    expect(rangesOverlap('>=1.0 <2', '>=1.5.0')).toBe(true);
    expect(rangesOverlap('<2.0.0-beta', '>=2.0.0-alpha')).toBe(true);
    expect(rangesOverlap('1.2.3-alpha', '>=1.0.0')).toBe(true);
    expect(rangesOverlap('1.x', '2.x')).toBe(false);
  });

  test('rangeHolds includes prereleases and is false for non-versions', () => {
    expect(rangeHolds('>=1.0 <3', '2.0.0-rc.1')).toBe(true);
    expect(rangeHolds('>=1.0 <2', '2.0.0')).toBe(false);
    expect(rangeHolds('>=1.0 <2', 'banana')).toBe(false);
    expect(isSemver('1.2.3-rc.1')).toBe(true);
    expect(isSemver('v1.2')).toBe(false);
  });
});
