import {
  componentBodyIssues,
  componentId,
  componentNameIssues,
  normalizeComponent,
  parseComponentId,
} from './catalog-component.rules.js';
import {
  compareReleaseVersions,
  isDateTime,
  isPrerelease,
  isReleaseVersion,
  normalizeRelease,
  parseReleaseRef,
  releaseBodyIssues,
  releaseKey,
  versionSetHolding,
} from './catalog-release.rules.js';
import { newPackageId } from './catalog-package.test-factories.js';

const paths = (issues: { path: string }[]): string[] => issues.map((issue) => issue.path);
const component = { name: 'controller', title: 'Controller', primary: true };

describe('catalog rules: components', () => {
  test.each(['controller', 'x', 'ghcr.io/org/image', 'https://example.com/a?b=c', 'n'.repeat(255), 'prometheus:operator', 'é✓'])(
    'name %j is valid',
    (name) => expect(componentNameIssues(name)).toEqual([]),
  );

  test.each(['', 'n'.repeat(256), 'a b', 'tab\there', 'new\nline', 'nul\u0000', 'bell\u0007', 'nbsp\u00a0x', '.', '..'])(
    'name %j is rejected',
    (name) => expect(paths(componentNameIssues(name))).toEqual(['name']),
  );

  test('title 1..200, description ≤ 10000, primary a boolean, every issue at once', () => {
    expect(componentBodyIssues({ ...component, title: 't'.repeat(200), description: 'd'.repeat(10_000) })).toEqual([]);
    const bad = { name: 'a b', title: '', primary: 'yes' as unknown as boolean, description: 'd'.repeat(10_001) };
    expect(paths(componentBodyIssues(bad))).toEqual(['name', 'title', 'primary', 'description']);
    expect(paths(componentBodyIssues({ ...component, title: 't'.repeat(201) }))).toEqual(['title']);
  });

  test('null description means absent; the event keeps an absent description absent', () => {
    expect(componentBodyIssues({ ...component, description: null })).toEqual([]);
    const pkg = newPackageId();
    expect(normalizeComponent(pkg, 2, { ...component, description: null })).toEqual({
      package: pkg, versionset_number: 2, name: 'controller', title: 'Controller', primary: true,
    });
  });

  test('composite ids split at the first two colons; a bad number or missing part is null', () => {
    expect(componentId('cert-manager', 3, 'a:b')).toBe('cert-manager:3:a:b');
    expect(parseComponentId('cert-manager:3:a:b')).toEqual({ packageRef: 'cert-manager', number: 3, name: 'a:b' });
    for (const text of ['cert-manager:3', 'cert-manager:x:a', ':3:a', 'cert-manager:3:', 'cert-manager:03:a', 'plain']) {
      expect(parseComponentId(text)).toBeNull();
    }
  });
});

describe('catalog rules: releases', () => {
  test.each(['1.2.0', 'v1.2.0', '0.0.0', '1.0.0-rc.1', '1.0.0-alpha.beta+exp.sha.5114f85', 'v65.4.0+build.7'])(
    'version %j is SemVer 2.0 (leading v allowed)',
    (version) => expect(isReleaseVersion(version)).toBe(true),
  );

  test.each(['1.2', '01.2.3', '1.2.3-01', 'V1.2.3', '=1.2.3', ' 1.2.3', '1.2.3 ', 'vv1.2.3', '1.2.3-', 'latest', '99999999999999999.0.0'])(
    'version %j is rejected',
    (version) => expect(paths(releaseBodyIssues({ version }))).toEqual(['version']),
  );

  test('versions of equal precedence share a key: leading v and build metadata do not count', () => {
    expect(releaseKey('v1.2.0')).toBe(releaseKey('1.2.0'));
    expect(releaseKey('1.2.0+build.1')).toBe(releaseKey('1.2.0'));
    expect(releaseKey('1.2.0-rc.1')).not.toBe(releaseKey('1.2.0'));
  });

  test('versions compare by SemVer precedence, prereleases below their release', () => {
    const sorted = ['1.10.0', 'v1.2.0', '1.2.0-rc.1', '1.2.0-alpha', '2.0.0', '1.9.9'].sort(compareReleaseVersions);
    expect(sorted).toEqual(['1.2.0-alpha', '1.2.0-rc.1', 'v1.2.0', '1.9.9', '1.10.0', '2.0.0']);
    expect([isPrerelease('1.2.0-rc.1'), isPrerelease('v1.2.0+b')]).toEqual([true, false]);
  });

  test.each(['2025-03-01T12:00:00Z', '2025-03-01T12:00:00.123+02:00', '2024-02-29t00:00:00z'])('released_on %j is a date-time', (value) => {
    expect(isDateTime(value)).toBe(true);
    expect(releaseBodyIssues({ version: '1.0.0', released_on: value })).toEqual([]);
  });

  test.each(['2025-03-01', '2025-02-29T00:00:00Z', '2025-13-01T00:00:00Z', '2025-03-01T24:00:00Z', '2025-03-01T12:00:00', 'yesterday', 7])(
    'released_on %j is rejected',
    (value) => expect(paths(releaseBodyIssues({ version: '1.0.0', released_on: value as string }))).toEqual(['released_on']),
  );

  test('changes: 0..500 of {kind, description 1..2000}, each issue at its index', () => {
    const change = { kind: 'added' as const, description: 'd'.repeat(2000) };
    expect(releaseBodyIssues({ version: '1.0.0', changes: Array(500).fill(change) })).toEqual([]);
    expect(paths(releaseBodyIssues({ version: '1.0.0', changes: Array(501).fill(change) }))).toEqual(['changes']);
    const bad = [change, { kind: 'broke', description: '' }, { kind: 'fixed', description: 'x'.repeat(2001) }, 'text'];
    expect(paths(releaseBodyIssues({ version: '1.0.0', changes: bad as never }))).toEqual([
      'changes[1].kind', 'changes[1].description', 'changes[2].description', 'changes[3]',
    ]);
  });

  test('the event keeps the version as written, changes default to none, null released_on is absent', () => {
    const pkg = newPackageId();
    expect(normalizeRelease(pkg, 'v1.2.0', { version: 'v1.2.0', released_on: null, changes: null })).toEqual({
      package: pkg, version: 'v1.2.0', changes: [],
    });
  });

  test('{release} refs: <package>@<version> or a bare version; empty parts are null', () => {
    expect(parseReleaseRef('argo@v1.2.0')).toEqual({ packageRef: 'argo', version: 'v1.2.0' });
    expect(parseReleaseRef('1.2.0')).toEqual({ packageRef: null, version: '1.2.0' });
    for (const text of ['', '@1.2.0', 'argo@']) expect(parseReleaseRef(text)).toBeNull();
  });

  test('a version lies in the live VersionSet whose range holds it, prereleases included, else none', () => {
    const sets = [{ number: 1, version_constraint: '<1.0.0' }, { number: 3, version_constraint: '>=1.0.0 <2.0.0' }];
    expect(versionSetHolding(sets, 'v1.5.0')).toBe(3);
    expect(versionSetHolding(sets, '1.5.0-rc.1')).toBe(3);
    expect(versionSetHolding(sets, '1.0.0-rc.1')).toBe(1);
    expect(versionSetHolding(sets, '2.0.0')).toBeNull();
  });
});
