import { SchemaValidationError } from '../../../../libs/http/src/errors/schema-validation.error.js';
import { CreateAccountPackageDto, SERVER_OWNED as ACCOUNT_SERVER_OWNED, UpdateAccountPackageDto } from '../accounts/dto/account-package.dto.js';
import { CreatePackageDto, SERVER_OWNED, UpdatePackageDto } from '../catalog/dto/package.dto.js';
import { CreateVersionSetDto } from '../catalog/dto/version-set.dto.js';
import { checkBodyShape } from './body-shape.js';

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    if (err instanceof SchemaValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a SchemaValidationError');
};

describe('body shape: catalog DTOs', () => {
  it('accepts a valid body, nulls as absent, and returns it untouched', () => {
    const body = { title: 'T', system: 'helm', aliases: null, versioning: { scheme: null, release_interval_days: 3 } };
    expect(checkBodyShape(CreatePackageDto, body)).toBe(body);
  });

  it('reports every shape issue with its location', () => {
    const issues = issuesOf(() =>
      checkBodyShape(
        CreatePackageDto,
        { title: 5, system: 'rpm', aliases: ['ok', 7, 'x', null], versioning: { scheme: 'odd', extra: 1 }, foo: true, id: 'pkg_x' },
        SERVER_OWNED,
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'must be a string', value: 5 },
        { path: 'system', message: 'must be one of helm, kustomize, kube', value: 'rpm' },
        { path: 'aliases[1]', message: 'must be a string', value: 7 },
        { path: 'aliases[3]', message: 'must be a string', value: null },
        { path: 'versioning.scheme', message: 'must be one of semantic, year-with-number, calver, unknown', value: 'odd' },
        { path: 'versioning.extra', message: 'is not a known field', value: 1 },
        { path: 'foo', message: 'is not a known field', value: true },
        { path: 'id', message: 'is set by the server and cannot be written', value: 'pkg_x' },
      ]),
    );
    expect(issues).toHaveLength(8);
  });

  it('requires the required members and takes the GET body on PUT', () => {
    expect(issuesOf(() => checkBodyShape(CreateVersionSetDto, {}))).toEqual([{ path: 'version_constraint', message: 'is required' }]);
    const get = { $schema: 'http://x/schemas/Package.json', id: 'pkg_1', title: 'T', system: 'kube', created_by: 'u', created_on: 'now' };
    expect(checkBodyShape(UpdatePackageDto, get)).toBe(get);
  });
});

const createBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'application/astra-package',
  version: '1.0',
  packageName: 'acc',
  packageVersion: '22.09.1',
  packageType: 'patch',
  severityLevel: 'recommended',
  ...overrides,
});

const image = { imagePath: '/a', imageName: 'n', imageTag: 't', imageDigest: 'sha256:x' };

describe('body shape: account package DTOs', () => {
  it('accepts every optional part, nulls as absent, and returns the body untouched', () => {
    const body = createBody({
      bundleName: ['b'],
      images: [{ ...image, dependsOnImages: [{ imagePath: '/a', imageName: 'm', imageTag: 't' }] }],
      artifacts: [{ artifactName: 'a', artifactIdentifier: 'i', artifactPath: '/p', artifactVersion: null, dependsOnComponents: [{ componentName: 'c', versions: ['1'] }] }],
      files: [{ fileName: 'f', fileIdentifier: 'i', fileMediaType: 'text/plain', fileContents: 'eA==' }],
      upgradableVersions: { minVersion: '1.0.0' },
      dependencies: [{ componentName: 'k8s', componentMaxVersion: 'v1.22' }],
      metadata: { labels: [{ name: 'a', value: 'b' }] },
    });
    expect(checkBodyShape(CreateAccountPackageDto, body, ACCOUNT_SERVER_OWNED)).toBe(body);
  });

  it('locates nested array items with brackets and reports one issue per member', () => {
    const body = createBody({
      images: [5, { ...image, imageTag: 7, extra: 1, dependsOnImages: [{ imagePath: '/a', imageName: 'm' }] }],
      files: 'none',
      bundleName: ['a', 3],
    });
    expect(issuesOf(() => checkBodyShape(CreateAccountPackageDto, body, ACCOUNT_SERVER_OWNED))).toEqual([
      { path: 'bundleName[1]', message: 'must be a string', value: 3 },
      { path: 'images[0]', message: 'must be an object', value: 5 },
      { path: 'images[1].extra', message: 'is not a known field', value: 1 },
      { path: 'images[1].dependsOnImages[0].imageTag', message: 'is required' },
      { path: 'images[1].imageTag', message: 'must be a string', value: 7 },
      { path: 'files', message: 'must be an array', value: 'none' },
    ]);
  });

  it('rejects server-owned members on create apart from unknown ones, and takes only labels of metadata', () => {
    const body = createBody({ id: 'x', packageState: 'available', foo: 1, metadata: { labels: [], createdBy: 'u', creationTimestamp: 1, owner: 'me' } });
    expect(issuesOf(() => checkBodyShape(CreateAccountPackageDto, body, ACCOUNT_SERVER_OWNED))).toEqual([
      { path: 'id', message: 'is set by the server and cannot be written', value: 'x' },
      { path: 'packageState', message: 'is set by the server and cannot be written', value: 'available' },
      { path: 'foo', message: 'is not a known field', value: 1 },
      { path: 'metadata.owner', message: 'is not a known field', value: 'me' },
    ]);
  });

  it('checks enums and required members; PUT takes a GET body and needs packageState', () => {
    expect(issuesOf(() => checkBodyShape(CreateAccountPackageDto, createBody({ packageType: 'full', packageName: undefined })))).toEqual([
      { path: 'packageName', message: 'is required' },
      { path: 'packageType', message: 'must be one of install, patch', value: 'full' },
    ]);
    const get = createBody({
      id: 'p',
      packageState: 'available',
      packageStateTransitions: [{ from: 'verifying', to: ['available'] }],
      packageStateDetails: [],
      metadata: { labels: [], creationTimestamp: 't', modificationTimestamp: 't', createdBy: 'u', modifiedBy: 'v' },
    });
    expect(checkBodyShape(UpdateAccountPackageDto, get)).toBe(get);
    expect(issuesOf(() => checkBodyShape(UpdateAccountPackageDto, { ...get, packageState: undefined }))).toEqual([
      { path: 'packageState', message: 'is required' },
    ]);
  });
});

describe('members named like inherited properties (hostile seed 1571180065)', () => {
  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf'])('rejects "%s" as an unknown member, top level and nested', (name) => {
    const top = JSON.parse(`{"title":"a","system":"helm","${name}":5}`) as unknown;
    expect(() => checkBodyShape(CreatePackageDto, top)).toThrow(SchemaValidationError);
    const nested = JSON.parse(`{"title":"a","system":"helm","versioning":{"scheme":"semantic","release_cycle":"none","support_model":"none","${name}":1}}`) as unknown;
    try {
      checkBodyShape(CreatePackageDto, nested);
      throw new Error('accepted');
    } catch (err) {
      expect((err as SchemaValidationError).issues).toContainEqual({ path: `versioning.${name}`, message: 'is not a known field', value: 1 });
    }
  });
});
