import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { CreateAccountPackageDto, UpdateAccountPackageDto } from '../accounts/dto/account-package.dto.js';
import { CreatePackageDto, UpdatePackageDto } from '../catalog/dto/package.dto.js';
import { CreateVersionSetDto, UpdateVersionSetDto } from '../catalog/dto/version-set.dto.js';
import { shapePlanOf } from './shape-plan.js';

// The plan may only say yes where class-validator (with checkBodyShape's options) says yes.
const classValidatorAccepts = (dto: new () => object, body: object): boolean =>
  validateSync(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0;

const image = { imagePath: '/a', imageName: 'n', imageTag: 't', imageDigest: 'sha256:x', dependsOnImages: [{ imagePath: '/a', imageName: 'm', imageTag: 't' }] };
const accountBody = {
  type: 'application/astra-package', version: '1.0', packageName: 'acc', packageVersion: '22.09.1', packageType: 'patch', severityLevel: 'recommended',
  bundleName: ['b'], images: [image],
  artifacts: [{ artifactName: 'a', artifactIdentifier: 'i', artifactPath: '/p', artifactVersion: null, dependsOnComponents: [{ componentName: 'c', versions: ['1'] }] }],
  files: [{ fileName: 'f', fileIdentifier: 'i', fileMediaType: 'text/plain', fileContents: 'eA==' }],
  upgradableVersions: { minVersion: '1.0.0' }, dependencies: [{ componentName: 'k8s', componentMaxVersion: 'v1.22' }],
  metadata: { labels: [{ name: 'a', value: 'b' }], createdBy: 'u' },
};
const packageBody = { $schema: 's', title: 'T', system: 'helm', aliases: ['a'], description: 'd', versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 30 } };
const versionSetBody = { version_constraint: '>=1', number: 2, package: 'pkg_x', created_by: 'u' };

const CASES: [string, new () => object, Record<string, unknown>][] = [
  ['CreatePackageDto', CreatePackageDto, packageBody],
  ['UpdatePackageDto', UpdatePackageDto, { ...packageBody, id: 'pkg_x', created_on: 't' }],
  ['CreateVersionSetDto', CreateVersionSetDto, { version_constraint: '>=1' }],
  ['UpdateVersionSetDto', UpdateVersionSetDto, versionSetBody],
  ['CreateAccountPackageDto', CreateAccountPackageDto, accountBody],
  ['UpdateAccountPackageDto', UpdateAccountPackageDto, { ...accountBody, id: 'p', packageState: 'available', packageStateDetails: [], packageStateTransitions: [{ a: 1 }] }],
];

const junk = fc.oneof(
  fc.constantFrom(null, true, 0, 1.5, -3, '', 'x', 'helm', 'semantic', 'patch', [], ['x'], [1], [null], {}, { a: 1 }, [{}], [{ name: 'a', value: 'b' }]),
  fc.jsonValue({ maxDepth: 2 }),
);

type Json = Record<string, unknown>;
/** Edits at a random path of the body: drop a member, replace its value with junk, or add an unknown member. */
const mutation = fc.record({ depth: fc.nat(3), pick: fc.nat(), kind: fc.constantFrom('drop', 'junk', 'add', 'null'), value: junk });

function mutate(body: Json, m: { depth: number; pick: number; kind: string; value: unknown }): Json {
  const copy = structuredClone(body);
  let target: Json = copy;
  for (let level = 0; level < m.depth; level++) {
    const children = Object.values(target).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v));
    const next = children[m.pick % Math.max(1, children.length)];
    if (!next) break;
    target = next;
  }
  const keys = Object.keys(target);
  const key = keys[m.pick % Math.max(1, keys.length)] ?? 'extra';
  if (m.kind === 'drop') delete target[key];
  else if (m.kind === 'add') target[`extra${m.pick % 3}`] = m.value;
  else target[key] = m.kind === 'null' ? null : m.value;
  return copy;
}

describe('compiled body shape plans', () => {
  it.each(CASES)('%s has a plan that accepts its valid body', (_, dto, body) => {
    expect(classValidatorAccepts(dto, body)).toBe(true);
    expect(shapePlanOf(dto)?.(body)).toBe(true);
  });

  it.each(CASES)('%s: the plan agrees with class-validator on mutated bodies', (_, dto, body) => {
    const plan = shapePlanOf(dto);
    if (!plan) throw new Error('no plan');
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const mutated = mutations.reduce(mutate, body);
        expect(plan(mutated)).toBe(classValidatorAccepts(dto, mutated));
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  it('has no plan for a DTO with a rule it does not model', async () => {
    const { ValidateIf, IsString } = await import('class-validator');
    class Conditional {
      @ValidateIf(() => true) @IsString() name!: string;
    }
    expect(shapePlanOf(Conditional)).toBeUndefined();
  });
});
