// What the hostile requests aim at: a catalog package with two VersionSets, two components and a
// release, and one account package in each of two accounts, written through the command service
// like any client would.
import { randomUUID } from 'node:crypto';
import { signDevToken } from '../../../libs/http/src/auth/dev-token.js';
import { send, type HostileRequest, type Reply } from './client.js';
import { parseJson } from './invariants.js';
import { settle } from './state.js';
import { SECRET, type System } from './system.js';
import { ACTOR } from './tokens.js';

export const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** The seed's example bundle, with a fresh name; `marker` goes into fields only its account may see. */
export const accountBody = (marker: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'application/astra-package',
  version: '1.0',
  packageName: marker.slice(0, 31),
  packageVersion: '22.09.1',
  packageType: 'patch',
  severityLevel: 'recommended',
  bundleName: [`bundle-${marker}`],
  images: [{ imagePath: '/globalcicd/acc', imageName: 'storage-provider', imageTag: '1.3.116', imageDigest: DIGEST }],
  files: [{ fileName: 'min.yaml', fileIdentifier: 'min', fileMediaType: 'application/x-yaml', fileContents: Buffer.from(`a: ${marker}\n`).toString('base64') }],
  dependencies: [{ componentName: 'kubernetes', componentMinVersion: 'v1.19.7', componentMaxVersion: 'v1.22' }],
  metadata: { labels: [{ name: 'owner', value: marker }] },
  ...overrides,
});

export const catalogBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Argo Workflows',
  system: 'helm',
  aliases: [`argo-${randomUUID().slice(0, 8)}`],
  description: 'Workflow engine',
  versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 90 },
  ...overrides,
});

export type Fixtures = {
  accountA: string;
  accountB: string;
  /** Strings that appear only in account A's package: no answer to B may contain them. */
  markersA: string[];
  pkg: { id: string; alias: string; body: Record<string, unknown> };
  versionSets: number[];
  /** VersionSet 1's components as the create answered them: `controller` (primary) and `webhook`. */
  components: Record<'controller' | 'webhook', Record<string, unknown>>;
  /** Release `1.5.0` (in VersionSet 1) as the create answered it. */
  release: Record<string, unknown>;
  packageA: { id: string; resource: Record<string, unknown> };
  packageB: { id: string; resource: Record<string, unknown> };
  admin: string;
};

export async function plant(system: System): Promise<Fixtures> {
  const [accountA, accountB] = [randomUUID(), randomUUID()];
  const admin = `Bearer ${await signDevToken({ secret: SECRET, sub: ACTOR, role: 'owner', accounts: ['*'], ttl: '30m' })}`;
  const write = async (method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const req: HostileRequest = { endpoint: 'plant', service: 'command', method, path, headers: { authorization: admin, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const reply: Reply = await send(system.command.baseUrl, req);
    if (reply.status >= 300) throw new Error(`planting ${method} ${path} answered ${reply.status}: ${reply.text}`);
    return (parseJson(reply.text) ?? {}) as Record<string, unknown>;
  };
  const body = catalogBody();
  const created = await write('POST', '/packages', body);
  const id = created['id'] as string;
  await write('POST', `/packages/${id}/versionsets`, { version_constraint: '>=1.0.0 <2.0.0' });
  await write('POST', `/packages/${id}/versionsets`, { version_constraint: '>=2.0.0' });
  const components = `/packages/${id}/versionsets/1/components`;
  const controller = await write('POST', components, { name: 'controller', title: 'Controller', primary: true, description: 'Reconciles' });
  const webhook = await write('POST', components, { name: 'webhook', title: 'Webhook', primary: false });
  const release = await write('POST', `/packages/${id}/releases`, { version: '1.5.0', released_on: '2025-03-01T12:00:00Z', changes: [{ kind: 'fixed', description: 'A leak' }] });
  const markerA = `secret-a-${randomUUID().slice(0, 12)}`;
  const packageA = await write('POST', `/accounts/${accountA}/core/v1/packages`, accountBody(markerA));
  const packageB = await write('POST', `/accounts/${accountB}/core/v1/packages`, accountBody(`visible-b-${randomUUID().slice(0, 12)}`));
  await settle(system);
  const read = async (account: string, pkgId: string) =>
    parseJson((await send(system.query.baseUrl, { endpoint: 'plant', service: 'query', method: 'GET', path: `/accounts/${account}/core/v1/packages/${pkgId}`, headers: { authorization: admin } })).text) as Record<string, unknown>;
  return {
    accountA,
    accountB,
    markersA: [markerA, `bundle-${markerA}`, Buffer.from(`a: ${markerA}\n`).toString('base64')],
    pkg: { id, alias: (body['aliases'] as string[])[0] as string, body: created },
    versionSets: [1, 2],
    components: { controller, webhook },
    release,
    packageA: { id: packageA['id'] as string, resource: await read(accountA, packageA['id'] as string) },
    packageB: { id: packageB['id'] as string, resource: await read(accountB, packageB['id'] as string) },
    admin,
  };
}
