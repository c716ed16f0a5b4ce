// Test data for the catalog specs: small factories with overrides, random ids per test.
import { randomUUID } from 'node:crypto';
import type { EventMeta, Recorded } from '../event-meta.js';
import type {
  CatalogCommand,
  CreatePackage,
  CreateVersionSet,
  PackageBody,
  UpdatePackage,
  UpdateVersionSet,
} from './catalog-package.commands.js';
import type {
  CatalogEvent,
  CatalogPackageData,
  ComponentFields,
  ReleaseFields,
} from './catalog-package.events.js';
import { decide } from './catalog-package.decider.js';
import { evolve, initialState, type CatalogPackageState } from './catalog-package.state.js';

export const ACTOR = '7f2b1a4e-58d4-4c3e-9d6b-0a1f2e3d4c5b';
export const NOW = '2025-03-01T12:00:00.000Z';

export const newPackageId = (): string => `pkg_${randomUUID()}`;

export const packageBody = (overrides: Partial<PackageBody> = {}): PackageBody => ({
  title: 'Argo Workflows',
  system: 'helm',
  ...overrides,
});

/** PackageCreated / PackageUpdated data (schemaversion 2). */
export const packageFields = (overrides: Partial<CatalogPackageData> = {}): CatalogPackageData => ({
  id: newPackageId(),
  title: 'Argo Workflows',
  system: 'helm',
  aliases: ['argo-workflows'],
  description: 'Workflow engine for Kubernetes',
  versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 90 },
  ...overrides,
});

export const packageCreated = (overrides: Partial<CatalogPackageData> = {}): CatalogEvent => ({
  type: 'PackageCreated',
  data: packageFields(overrides),
});

export const versionSetCreated = (pkg: string, number: number, range: string): CatalogEvent => ({
  type: 'VersionSetCreated',
  data: { package: pkg, number, version_constraint: range },
});

export const versionSetDeleted = (pkg: string, number: number): CatalogEvent => ({
  type: 'VersionSetDeleted',
  data: { package: pkg, number },
});

export const createPackage = (overrides: Partial<CreatePackage> = {}): CreatePackage => ({
  type: 'CreatePackage',
  id: newPackageId(),
  body: packageBody(),
  actor: ACTOR,
  now: NOW,
  ...overrides,
});

export const updatePackage = (id: string, body: UpdatePackage['body']): UpdatePackage => ({
  type: 'UpdatePackage',
  id,
  body,
  actor: ACTOR,
  now: NOW,
});

export const createVersionSet = (packageId: string, range: string): CreateVersionSet => ({
  type: 'CreateVersionSet',
  packageId,
  body: { version_constraint: range },
  actor: ACTOR,
  now: NOW,
});

export const updateVersionSet = (
  packageId: string,
  number: number,
  body: UpdateVersionSet['body'],
): UpdateVersionSet => ({ type: 'UpdateVersionSet', packageId, number, body, actor: ACTOR, now: NOW });

/** Event `i` (0-based) is recorded at stream sequence i + 1, one second apart, by `actor`. */
export const recorded = (events: CatalogEvent[], meta: Partial<EventMeta> = {}): Recorded<CatalogEvent>[] =>
  events.map((event, index) => ({
    ...event,
    meta: {
      version: index + 1,
      time: new Date(Date.parse(NOW) + index * 1000).toISOString(),
      actor: ACTOR,
      ...meta,
    },
  }));

export const given = (...events: CatalogEvent[]): CatalogPackageState =>
  recorded(events).reduce(evolve, initialState());

/** Runs a command and folds what it decided, for multi-step scenarios. */
export const run = (state: CatalogPackageState, command: CatalogCommand, version: number): CatalogPackageState => {
  const event = decide(command, state);
  if (event === null) return state;
  return evolve(state, { ...event, meta: { version, time: NOW, actor: command.actor } });
};

export const componentCreated = (pkg: string, number: number, overrides: Partial<ComponentFields> = {}): CatalogEvent => ({
  type: 'ComponentCreated',
  data: { package: pkg, versionset_number: number, name: 'controller', title: 'Controller', primary: false, ...overrides },
});

export const releaseCreated = (pkg: string, version: string, overrides: Partial<ReleaseFields> = {}): CatalogEvent => ({
  type: 'ReleaseCreated',
  data: { package: pkg, version, changes: [], ...overrides },
});
