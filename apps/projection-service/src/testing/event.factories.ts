import { randomUUID } from 'node:crypto';
import { buildCloudEvent, type CloudEvent, type EventFamily } from '../../../../libs/event-store/src/cloud-event.js';
import { accountPackageSubject, catalogSubject } from '../../../../libs/event-store/src/subjects.js';

export type Outgoing = { subject: string; event: CloudEvent };

const ADMIN = '6f1c2a8e-0000-4000-8000-000000000001';

type Meta = { actor?: string; time?: string; schemaVersion?: number };

/** The envelope fields every test event shares: fresh ids, now, the admin actor unless told otherwise. */
function testEvent(family: EventFamily, type: string, aggregateId: string, data: object, meta: Meta, accountId?: string): CloudEvent {
  return buildCloudEvent({
    family,
    type,
    aggregateId,
    accountId,
    data,
    id: randomUUID(),
    time: meta.time ?? new Date().toISOString(),
    actor: meta.actor ?? ADMIN,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: meta.schemaVersion,
  }) as CloudEvent;
}

export function catalogEvent(type: string, packageId: string, data: object, meta: Meta = {}): Outgoing {
  return { subject: catalogSubject(packageId), event: testEvent('catalog', type, packageId, data, meta) };
}

export function accountEvent(type: string, accountId: string, packageId: string, data: object, meta: Meta = {}): Outgoing {
  return {
    subject: accountPackageSubject(accountId, packageId),
    event: testEvent('accounts', type, packageId, data, meta, accountId),
  };
}

export const newPackageId = (): string => `pkg_${randomUUID()}`;

export function packageFields(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: 'Prometheus Helm Chart',
    system: 'helm',
    aliases: [`alias-${id.slice(4, 12)}`],
    description: 'Monitoring',
    versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'none' },
    ...overrides,
  };
}

export function accountResource(accountId: string, id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    type: 'application/astra-package',
    version: '1.0',
    id,
    packageName: 'astra-control',
    packageVersion: '22.09.1',
    packageType: 'install',
    severityLevel: 'recommended',
    images: [{ imagePath: '/netapp/astra', imageName: 'trident', imageTag: '22.07', imageDigest: `sha256:${'a'.repeat(64)}` }],
    packageState: 'verifying',
    packageStateDetails: [],
    metadata: { labels: [{ name: 'team', value: accountId.slice(0, 4) }], creationTimestamp: now, modificationTimestamp: now, createdBy: ADMIN },
    ...overrides,
  };
}

/** A small history touching every event type of both families (plus one unknown type and one v1 event). */
export function mixedHistory(accountId: string): Outgoing[] {
  const [a, b] = [newPackageId(), newPackageId()];
  const [p, q] = [randomUUID(), randomUUID()];
  const editor = { actor: '6f1c2a8e-0000-4000-8000-000000000002' };
  return [
    // Written by a v1 producer (description optional): every reader upcasts it to v2.
    catalogEvent('PackageCreated', a, packageFields(a), { schemaVersion: 1 }),
    catalogEvent('VersionSetCreated', a, { package: a, number: 1, version_constraint: '<2' }),
    catalogEvent('VersionSetCreated', a, { package: a, number: 2, version_constraint: '>=2 <3' }),
    accountEvent('PackageCreated', accountId, p, accountResource(accountId, p)),
    catalogEvent('PackageUpdated', a, packageFields(a, { title: 'Renamed', description: null, aliases: [] }), editor),
    catalogEvent('VersionSetUpdated', a, { package: a, number: 2, version_constraint: '>=2 <4' }, editor),
    catalogEvent('VersionSetDeleted', a, { package: a, number: 1 }),
    accountEvent('PackageStateChanged', accountId, p, {
      from: 'verifying', to: 'available', packageStateDetails: [{ type: 'ok', title: 'Verified', detail: 'fine' }],
      labels: [{ name: 'tier', value: 'gold' }],
    }, { actor: '00000000-0000-0000-0000-000000000000' }),
    catalogEvent('PackageCreated', b, packageFields(b)),
    catalogEvent('PackageDeleted', b, { id: b }),
    accountEvent('PackageCreated', accountId, q, accountResource(accountId, q, { packageVersion: 'v1.19.7' })),
    accountEvent('PackageDeleted', accountId, q, { id: q }),
    catalogEvent('PackageArchived', a, { id: a }),
  ];
}

/**
 * A package's components and releases through every part event, VersionSets that move under the
 * releases, a deleted VersionSet taking its components, and a deleted package taking everything.
 */
export function partsHistory(): Outgoing[] {
  const [a, b] = [newPackageId(), newPackageId()];
  const editor = { actor: '6f1c2a8e-0000-4000-8000-000000000002' };
  const component = (number: number, name: string, primary = false) => ({ package: a, versionset_number: number, name, title: name, primary });
  return [
    catalogEvent('PackageCreated', a, packageFields(a)),
    catalogEvent('ReleaseCreated', a, { package: a, version: 'v1.2.0', changes: [] }),
    catalogEvent('VersionSetCreated', a, { package: a, number: 1, version_constraint: '<2' }),
    catalogEvent('ComponentCreated', a, component(1, 'controller', true)),
    catalogEvent('ComponentCreated', a, { ...component(1, 'ghcr.io/org/webhook'), description: 'Webhook' }),
    catalogEvent('ReleaseCreated', a, { package: a, version: '2.0.0-rc.1', released_on: '2025-01-01T00:00:00Z', changes: [{ kind: 'added', description: 'x' }] }),
    catalogEvent('VersionSetCreated', a, { package: a, number: 2, version_constraint: '>=2.0.0-0' }),
    catalogEvent('ComponentCreated', a, component(2, 'controller', true)),
    catalogEvent('ComponentUpdated', a, { ...component(1, 'controller', true), title: 'Controller' }, editor),
    catalogEvent('ReleaseUpdated', a, { package: a, version: 'v1.2.0', changes: [{ kind: 'fixed', description: 'y' }] }, editor),
    catalogEvent('ReleaseCreated', a, { package: a, version: '0.9.0', changes: [] }),
    catalogEvent('ComponentDeleted', a, { package: a, versionset_number: 1, name: 'ghcr.io/org/webhook' }),
    catalogEvent('VersionSetUpdated', a, { package: a, number: 1, version_constraint: '>=1 <2' }),
    catalogEvent('ReleaseDeleted', a, { package: a, version: '0.9.0' }),
    catalogEvent('VersionSetDeleted', a, { package: a, number: 2 }),
    catalogEvent('PackageCreated', b, packageFields(b)),
    catalogEvent('VersionSetCreated', b, { package: b, number: 1, version_constraint: '*' }),
    catalogEvent('ComponentCreated', b, { ...component(1, 'x'), package: b }),
    catalogEvent('ReleaseCreated', b, { package: b, version: '1.0.0', changes: [] }),
    catalogEvent('PackageDeleted', b, { id: b }),
  ];
}
