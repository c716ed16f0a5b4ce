import type { AccountPackageSpec } from './account-package.events.js';
import {
  accountPackageSpecIssues,
  accountUniquenessConflict,
  accountUniquenessKey,
  isLowerUuid,
  labelIssues,
  stateDetailIssues,
} from './account-package.rules.js';
import { file, image, spec } from './account-package.test-factories.js';

const paths = (s: AccountPackageSpec): string[] => accountPackageSpecIssues(s).map((issue) => issue.path);
const bad = <T>(value: unknown): T => value as T;

describe('account rules: top-level fields', () => {
  test('the seed example is valid', () => {
    expect(accountPackageSpecIssues(spec())).toEqual([]);
  });

  test.each([
    ['type', { type: bad('application/json') }],
    ['version', { version: bad('2.0') }],
    ['packageName', { packageName: '' }],
    ['packageName (32 characters)', { packageName: 'n'.repeat(32) }],
    ['packageVersion', { packageVersion: 'banana' }],
    ['packageType', { packageType: bad('upgrade') }],
    ['severityLevel', { severityLevel: bad('low') }],
    ['bundleName[1]', { bundleName: ['a', 'a'] }],
    ['bundleName[0]', { bundleName: [''] }],
  ] as [string, Partial<AccountPackageSpec>][])('rejects a bad %s', (name, overrides) => {
    expect(paths(spec(overrides))).toEqual([name.split(' ')[0]]);
  });

  test.each(['22.09.1', 'v1.19.7', 'v1.22', '22.04.29', '1.2.3-rc.1'])('packageVersion %s parses loosely', (v) => {
    expect(paths(spec({ packageVersion: v }))).toEqual([]);
  });

  test('packageName of 31 characters is valid', () => {
    expect(paths(spec({ packageName: 'n'.repeat(31) }))).toEqual([]);
  });

  test('reports every issue at once', () => {
    expect(paths(spec({ packageName: '', packageVersion: 'banana', images: [image({ imageDigest: 'sha256:x' })] }))).toEqual([
      'packageName',
      'packageVersion',
      'images[0].imageDigest',
    ]);
  });
});

describe('account rules: images', () => {
  test.each([
    ['imagePath', 'relative', { imagePath: 'globalcicd/acc' }],
    ['imagePath', 'with a registry host', { imagePath: '//registry.example.com/acc' }],
    ['imagePath', '1024 characters', { imagePath: `/${'p'.repeat(1023)}` }],
    ['imageName', 'empty', { imageName: '' }],
    ['imageName', '64 characters', { imageName: 'n'.repeat(64) }],
    ['imageTag', '32 characters', { imageTag: 't'.repeat(32) }],
    ['imageDigest', 'upper-case hex', { imageDigest: `sha256:${'A'.repeat(64)}` }],
    ['imageDigest', '63 hex digits', { imageDigest: `sha256:${'a'.repeat(63)}` }],
    ['imageDigest', 'sha512', { imageDigest: `sha512:${'a'.repeat(64)}` }],
  ])('rejects a bad %s: %s', (field, _case, overrides) => {
    expect(paths(spec({ images: [image(overrides)] }))).toEqual([`images[0].${field}`]);
  });

  test('dependsOnImages entries are checked and unique', () => {
    const ref = { imagePath: '/a', imageName: 'b', imageTag: 'c' };
    const images = [image({ dependsOnImages: [ref, { ...ref, imagePath: 'x' }, ref] })];
    expect(paths(spec({ images }))).toEqual(['images[0].dependsOnImages[1].imagePath', 'images[0].dependsOnImages[2]']);
  });

  test('duplicate images (deep equality) are rejected at the repeat', () => {
    expect(paths(spec({ images: [image(), image(), image({ imageTag: '2' })] }))).toEqual(['images[1]']);
  });
});

describe('account rules: artifacts, files, versions, labels, details', () => {
  const artifact = { artifactName: 'cli', artifactIdentifier: 'cli-linux', artifactPath: '/vmware/1.0/' };

  test.each([
    ['artifactName', { artifactName: 'a'.repeat(64) }],
    ['artifactIdentifier', { artifactIdentifier: '' }],
    ['artifactPath', { artifactPath: 'p'.repeat(1024) }],
    ['artifactVersion', { artifactVersion: 'v'.repeat(32) }],
    ['dependsOnComponents[0].componentName', { dependsOnComponents: [{ componentName: '', versions: ['1'] }] }],
    ['dependsOnComponents[0].versions[1]', { dependsOnComponents: [{ componentName: 'k8s', versions: ['1', '1'] }] }],
  ])('artifact: rejects a bad %s', (path, overrides) => {
    expect(paths(spec({ artifacts: [{ ...artifact, ...overrides }] }))).toEqual([`artifacts[0].${path}`]);
  });

  test.each([
    ['fileName', '64 characters', { fileName: 'f'.repeat(64) }],
    ['fileIdentifier', '512 characters', { fileIdentifier: 'i'.repeat(512) }],
    ['fileMediaType', 'empty', { fileMediaType: '' }],
    ['fileContents', 'not base64', { fileContents: 'not base64!' }],
    ['fileContents', 'with a space', { fileContents: 'YWJj ZA==' }],
    ['fileContents', 'unpadded', { fileContents: 'YWJjZA' }],
    ['fileContents', 'base64url alphabet', { fileContents: 'YWJjZA-_' }],
    ['fileContents', 'empty', { fileContents: '' }],
  ])('file: rejects a bad %s: %s', (path, _case, overrides) => {
    expect(paths(spec({ files: [file(overrides)] }))).toEqual([`files[0].${path}`]);
  });

  test('artifacts and files hold unique items', () => {
    expect(paths(spec({ artifacts: [artifact, { ...artifact }], files: [file(), file()] }))).toEqual(['artifacts[1]', 'files[1]']);
  });

  test('file: a large padded base64 body is valid', () => {
    expect(paths(spec({ files: [file({ fileContents: Buffer.alloc(600_000, 7).toString('base64') })] }))).toEqual([]);
  });

  test('upgradableVersions: each parses and min ≤ max', () => {
    expect(paths(spec({ upgradableVersions: { minVersion: 'v1.19.7', maxVersion: 'v1.22' } }))).toEqual([]);
    expect(paths(spec({ upgradableVersions: { minVersion: '22.09.1', maxVersion: '22.9.1' } }))).toEqual([]);
    expect(paths(spec({ upgradableVersions: { minVersion: 'v1.22', maxVersion: 'v1.19.7' } }))).toEqual(['upgradableVersions.minVersion']);
    expect(paths(spec({ upgradableVersions: { maxVersion: 'banana' } }))).toEqual(['upgradableVersions.maxVersion']);
  });

  test('dependencies: versions parse, min ≤ max, items unique', () => {
    const dep = { componentName: 'kubernetes', componentMinVersion: 'v1.19.7', componentMaxVersion: 'v1.22' };
    expect(paths(spec({ dependencies: [dep] }))).toEqual([]);
    expect(paths(spec({ dependencies: [{ ...dep, componentMinVersion: 'v1.23' }] }))).toEqual(['dependencies[0].componentMinVersion']);
    expect(paths(spec({ dependencies: [{ ...dep, componentMaxVersion: 'latest' }] }))).toEqual(['dependencies[0].componentMaxVersion']);
    expect(paths(spec({ dependencies: [{ componentName: '' }] }))).toEqual(['dependencies[0].componentName']);
    expect(paths(spec({ dependencies: [dep, { ...dep }] }))).toEqual(['dependencies[1]']);
  });

  test('labels are {name, value} and unique', () => {
    expect(labelIssues([{ name: 'a', value: '' }])).toEqual([]);
    expect(labelIssues([{ name: '', value: 'x' }, { name: 'a', value: '1' }, { name: 'a', value: '1' }]).map((i) => i.path)).toEqual([
      'metadata.labels[0].name',
      'metadata.labels[2]',
    ]);
  });

  test("state details: title 1..40, detail 1..511 (the vendor document's bounds), type present", () => {
    expect(stateDetailIssues([{ type: 't', title: 'x'.repeat(40), detail: 'd'.repeat(511) }])).toEqual([]);
    expect(stateDetailIssues([{ type: 't', title: 'x', detail: 'd' }])).toEqual([]);
    for (const [title, detail] of [['x'.repeat(41), 'd'.repeat(512)], ['', '']]) {
      const issues = stateDetailIssues([{ type: '', title, detail }]);
      expect(issues.map((i) => i.path)).toEqual([
        'packageStateDetails[0].type',
        'packageStateDetails[0].title',
        'packageStateDetails[0].detail',
      ]);
    }
  });
});

describe('account rules: ids and uniqueness', () => {
  test('isLowerUuid', () => {
    expect(isLowerUuid('54edc2b3-18c5-5371-904b-ebcd04d88bdc')).toBe(true);
    expect(isLowerUuid('54EDC2B3-18C5-5371-904B-EBCD04D88BDC')).toBe(false);
    expect(isLowerUuid('54edc2b3')).toBe(false);
  });

  test('uniqueness key is (account, name, version as written, type)', () => {
    expect(accountUniquenessKey('acct', spec({ packageVersion: 'v1.22' }))).toEqual(['acct', 'acc', 'v1.22', 'patch']);
  });

  test('uniqueness conflict names packageName, packageVersion and packageType', () => {
    expect(accountUniquenessConflict(spec()).issues.map((i) => i.path)).toEqual(['packageName', 'packageVersion', 'packageType']);
  });
});
