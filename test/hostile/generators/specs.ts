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

export type PartsContext = SpecContext & { components: Record<'controller' | 'webhook', Record<string, unknown>>; release: Record<string, unknown> };

/** POST of a component into VersionSet 1, which holds `controller` (primary) and `webhook`. */
export function componentCreateSpec(): BodySpec {
  return {
    base: () => [['name', s(`h-${randomUUID().slice(0, 13)}`)], ['title', s('Sidecar')], ['primary', 'false']],
    fields: [
      { name: 'name', kind: 'string', required: true }, { name: 'title', kind: 'string', required: true },
      { name: 'primary', kind: 'boolean', required: true }, { name: 'description', kind: 'string' },
    ],
    invalid: [
      ['name', s('webhook')], ['name', s('controller')], ['primary', 'true'], ['name', s('')], ['name', s('a b')], ['name', s('a\tb')], ['name', s('.')],
      ['name', s('..')], ['name', s(x(256))], ['name', s('a\u0000b')], ['title', s('')], ['title', s(x(201))], ['description', s(x(10_001))],
      ['primary', s('true')], ['primary', '1'], ['primary', 'null'],
    ],
    serverOwned: ['package', 'versionset_number', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on'],
  };
}

/** PUT of `webhook`: its GET body, which may change title and description only. */
export function componentUpdateSpec(ctx: PartsContext): BodySpec {
  return {
    base: () => entriesOf(ctx.components.webhook),
    fields: [...componentCreateSpec().fields, { name: 'package', kind: 'string' }, { name: 'versionset_number', kind: 'number' }],
    invalid: [
      ['name', s('controller')], ['name', s('other')], ['package', s(ctx.otherPkgId)], ['versionset_number', '2'], ['versionset_number', '-1'],
      ['versionset_number', '1.5'], ['primary', 'true'], ['title', s('')], ['title', s(x(201))], ['description', s(x(10_001))], ['extra', '1'],
    ],
  };
}

/** POST of a release; `1.5.0` exists, so every spelling of its precedence collides. */
export function releaseCreateSpec(): BodySpec {
  return {
    base: () => [['version', s(`3.${Math.floor(Math.random() * 1e6)}.0-h.${randomUUID().slice(0, 8)}`)], ['changes', '[]']],
    fields: [{ name: 'version', kind: 'string', required: true }, { name: 'released_on', kind: 'string' }, { name: 'changes', kind: 'array' }],
    invalid: [
      ['version', s('1.5.0')], ['version', s('v1.5.0')], ['version', s('1.5.0+build.9')], ['version', s('1.5')], ['version', s('V1.0.0')], ['version', s('=1.0.0')],
      ['version', s('01.0.0')], ['version', s('1.0.0-')], ['version', s(`1.0.0-${x(300)}`)], ['version', s('')], ['released_on', s('yesterday')],
      ['released_on', s('2025-02-30T00:00:00Z')], ['released_on', s('2025-03-01')], ['changes', s([{ kind: 'broke', description: 'x' }])],
      ['changes', s([{ kind: 'added', description: '' }])], ['changes', s([{ kind: 'added', description: x(2001) }])], ['changes', s([{ kind: 'added' }])],
      ['changes', s([{ kind: 'added', description: 'x', extra: 1 }])], ['changes', s(Array.from({ length: 501 }, () => ({ kind: 'fixed', description: 'x' })))],
      ['changes', s(['added'])],
    ],
    serverOwned: ['id', 'package', 'versionset_number', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on'],
  };
}

/** PUT of `1.5.0`: its GET body; `version`, `package` and `id` are immutable. */
export function releaseUpdateSpec(ctx: PartsContext): BodySpec {
  const create = releaseCreateSpec();
  return {
    base: () => entriesOf(ctx.release),
    fields: [...create.fields, { name: 'id', kind: 'string' }, { name: 'package', kind: 'string' }],
    invalid: [
      ['version', s('v1.5.0')], ['version', s('1.5.1')], ['version', s('1.5.0+b')], ['package', s(ctx.otherPkgId)], ['id', s(`${ctx.otherPkgId}@1.5.0`)], ['id', s(`${ctx.pkgId}@1.5.1`)],
      ['id', s(ctx.pkgId)], ...create.invalid.filter(([k]) => k !== 'version'), ['extra', '1'],
    ],
  };
}
