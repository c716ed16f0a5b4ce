// The body specs of the six write routes: a valid base body and values each route must refuse.
import { randomUUID } from 'node:crypto';
import { accountBody, catalogBody } from '../support/fixtures.js';
import type { BodySpec, Entries } from './bodies.js';

const entriesOf = (body: Record<string, unknown>): Entries => Object.entries(body).map(([k, v]) => [k, JSON.stringify(v)]);
const s = (value: unknown): string => JSON.stringify(value);
const x = (n: number, c = 'x') => c.repeat(n);

export type SpecContext = { pkgId: string; alias: string; otherPkgId: string; packageBody: Record<string, unknown>; resourceA: Record<string, unknown>; };

export function catalogCreateSpec(ctx: SpecContext): BodySpec {
  return {
    base: () => entriesOf(catalogBody({ aliases: [`h-${randomUUID().slice(0, 13)}`] })),
    fields: [
      { name: 'title', kind: 'string', required: true },
      { name: 'system', kind: 'string', required: true },
      { name: 'aliases', kind: 'array' },
      { name: 'description', kind: 'string' },
      { name: 'versioning', kind: 'object' },
    ],
    invalid: [
      ['title', s('')], ['title', s(x(201))], ['title', s(x(201, 'é'))], ['system', s('Helm')], ['system', s('docker')], ['system', s('')],
      ['description', s(x(10_001))], ['aliases', s([ctx.alias])], ['aliases', s(['UPPER'])], ['aliases', s(['pkg_x'])], ['aliases', s(['a b'])],
      ['aliases', s([x(101)])], ['aliases', s([''])], ['aliases', s(Array.from({ length: 33 }, (_, i) => `a${i}-${randomUUID().slice(0, 6)}`))],
      ['aliases', s(['dup-a', 'dup-a'])], ['aliases', s([null])], ['versioning', s({ scheme: 'sem' })], ['versioning', s({ release_cycle: 'daily' })],
      ['versioning', s({ support_model: 'lts' })], ['versioning', '{"release_interval_days":-1}'], ['versioning', '{"release_interval_days":1.5}'],
      ['versioning', '{"release_interval_days":"90"}'], ['versioning', '{"release_interval_days":1e400}'], ['versioning', s({ extra: 1 })],
    ],
    serverOwned: ['id', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on'],
  };
}

export function catalogUpdateSpec(ctx: SpecContext): BodySpec {
  const create = catalogCreateSpec(ctx);
  return {
    base: () => entriesOf(ctx.packageBody),
    // `$schema` and the audit fields are ignored on PUT (SPEC §4.1): no fault can hide there.
    fields: [...create.fields, { name: 'id', kind: 'string' }],
    invalid: [...create.invalid.filter(([k, v]) => !(k === 'aliases' && v === s([ctx.alias]))), ['id', s(ctx.otherPkgId)], ['id', s('pkg_')], ['system', s(ctx.packageBody['system'] === 'kube' ? 'helm' : 'kube')]],
  };
}

export function versionSetCreateSpec(): BodySpec {
  return {
    base: () => [['version_constraint', s('>=0.1.0 <0.2.0')]],
    fields: [{ name: 'version_constraint', kind: 'string', required: true }],
    invalid: [
      ['version_constraint', s('')], ['version_constraint', s(' ')], ['version_constraint', s('not a range')], ['version_constraint', s('>=1,<2')],
      ['version_constraint', s('>=1.5.0')], ['version_constraint', s('1.x || >=2.5.0')], ['version_constraint', s(`>=${x(1100, '1')}`)],
      ['number', '3'], ['package', s('pkg_x')], ['version_constraint', s('>=\u0000')],
    ],
  };
}

export function versionSetUpdateSpec(ctx: SpecContext): BodySpec {
  return {
    base: () => [['package', s(ctx.pkgId)], ['number', '1'], ['version_constraint', s('>=1.0.0 <2.0.0')]],
    fields: [{ name: 'version_constraint', kind: 'string', required: true }, { name: 'package', kind: 'string' }, { name: 'number', kind: 'number' }],
    invalid: [
      ['package', s(ctx.otherPkgId)], ['number', '2'], ['number', '-1'], ['number', '1.5'], ['version_constraint', s('>=2.5.0')],
      ['version_constraint', s('')], ['version_constraint', s('garbage')], ['extra', '1'],
    ],
  };
}

export function accountCreateSpec(): BodySpec {
  const image = { imagePath: '/a', imageName: 'n', imageTag: 't', imageDigest: `sha256:${'0'.repeat(64)}` };
  return {
    base: () => entriesOf(accountBody(`h-${randomUUID().slice(0, 20)}`)),
    fields: [
      { name: 'type', kind: 'string', required: true }, { name: 'version', kind: 'string', required: true },
      { name: 'packageName', kind: 'string', required: true }, { name: 'packageVersion', kind: 'string', required: true },
      { name: 'packageType', kind: 'string', required: true }, { name: 'severityLevel', kind: 'string', required: true },
      { name: 'bundleName', kind: 'array' }, { name: 'images', kind: 'array' }, { name: 'artifacts', kind: 'array' }, { name: 'files', kind: 'array' },
      { name: 'upgradableVersions', kind: 'object' }, { name: 'dependencies', kind: 'array' }, { name: 'metadata', kind: 'object' },
    ],
    invalid: [
      ['type', s('application/json')], ['version', s('2.0')], ['version', '1.0'], ['packageName', s('')], ['packageName', s(x(32))],
      ['packageVersion', s('')], ['packageVersion', s('abc')], ['packageType', s('upgrade')], ['severityLevel', s('low')],
      ['bundleName', s(['a', 'a'])], ['images', s([{ ...image, imageTag: x(32) }])], ['images', s([{ ...image, imageName: x(64) }])],
      ['images', s([{ ...image, imagePath: 'relative/path' }])], ['images', s([{ ...image, imagePath: `/${x(1023)}` }])], ['images', s([{ ...image, imageDigest: 'sha256:XYZ' }])],
      ['images', s([image, image])], ['images', s([{ ...image, extra: 1 }])], ['images', s([{ ...image, dependsOnImages: [{ imagePath: '/a' }] }])],
      ['artifacts', s([{ artifactName: '', artifactIdentifier: 'i', artifactPath: '/p' }])], ['artifacts', s([{ artifactName: 'a', artifactIdentifier: x(512), artifactPath: '/p' }])],
      ['files', s([{ fileName: 'f', fileIdentifier: 'i', fileMediaType: 'text/plain', fileContents: '!!not base64!!' }])],
      ['files', s([{ fileName: x(64), fileIdentifier: 'i', fileMediaType: 'text/plain', fileContents: 'YQ==' }])],
      ['files', s([{ fileName: 'f', fileIdentifier: 'i', fileMediaType: x(212), fileContents: 'YQ==' }])],
      ['upgradableVersions', s({ minVersion: '3.0.0', maxVersion: '1.0.0' })], ['upgradableVersions', s({ minVersion: 'abc' })],
      ['dependencies', s([{ componentName: 'k', componentMinVersion: '2.0', componentMaxVersion: '1.0' }])], ['dependencies', s([{}])],
      ['metadata', s({ labels: [{ name: 'a' }] })], ['metadata', s({ labels: 'x' })], ['metadata', s({ other: 1 })],
    ],
    serverOwned: ['id', 'packageState', 'packageStateDetails', 'packageStateTransitions'],
  };
}

export function accountUpdateSpec(ctx: SpecContext): BodySpec {
  const create = accountCreateSpec();
  return {
    base: () => entriesOf(ctx.resourceA),
    fields: [...create.fields, { name: 'id', kind: 'string' }, { name: 'packageState', kind: 'string', required: true }, { name: 'packageStateDetails', kind: 'array' }],
    invalid: [
      ...create.invalid.filter(([k]) => k !== 'packageName'),
      ['packageState', s('verifying')], ['packageState', s('deleted')], ['id', s(randomUUID())], ['packageName', s('renamed')], ['packageVersion', s('9.9.9')],
      ['packageStateDetails', s([{ type: 't', title: x(41), detail: 'd' }])], ['packageStateDetails', s([{ type: 't', title: 't', detail: x(512) }])],
    ],
  };
}
