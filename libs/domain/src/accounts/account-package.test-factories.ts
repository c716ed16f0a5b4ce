// Test data for the account package specs: small factories with overrides, random ids per test.
import { randomUUID } from 'node:crypto';
import type { Recorded } from '../event-meta.js';
import type { AccountPackagePutBody, CreateAccountPackage, UpdateAccountPackage } from './account-package.commands.js';
import type {
  AccountPackageEvent,
  AccountPackageResource,
  AccountPackageSpec,
  Image,
  PackageFile,
  PackageState,
} from './account-package.events.js';
import { evolve, initialState, type AccountPackageState } from './account-package.state.js';

export const ACTOR = '8f84cf09-8036-41e4-b579-bd30cb07b269';
export const NOW = '2025-03-01T12:00:00.000Z';

export const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export const image = (overrides: Partial<Image> = {}): Image => ({
  imagePath: '/globalcicd/acc',
  imageName: 'storage-provider',
  imageTag: '1.3.116',
  imageDigest: `sha256:${'2e04d178'.repeat(8)}`,
  ...overrides,
});

export const file = (overrides: Partial<PackageFile> = {}): PackageFile => ({
  fileName: 'astra_control_center_min.yaml',
  fileIdentifier: 'astra_min',
  fileMediaType: 'application/x-yaml',
  // The seed's own example: plain text, which is a valid YAML scalar.
  fileContents: 'VGhpcyBpcyBzdXBwb3NlZCB0byBiZSBhIGNvbXByZXNzZWQgZmlsZSBjb250ZW50',
  ...overrides,
});

/** Shaped like the seed's example request. */
export const spec = (overrides: Partial<AccountPackageSpec> = {}): AccountPackageSpec => ({
  type: 'application/astra-package',
  version: '1.0',
  packageName: 'acc',
  packageVersion: '22.09.1',
  packageType: 'patch',
  severityLevel: 'recommended',
  images: [image(), image({ imageName: 'credentials', imageTag: '1.3.45' })],
  files: [file()],
  dependencies: [
    { componentName: 'acc', componentMinVersion: '22.04.29' },
    { componentName: 'kubernetes', componentMinVersion: 'v1.19.7', componentMaxVersion: 'v1.22' },
  ],
  ...overrides,
});

export const createCommand = (overrides: Partial<CreateAccountPackage> = {}): CreateAccountPackage => ({
  type: 'CreateAccountPackage',
  id: randomUUID(),
  accountId: randomUUID(),
  spec: spec(),
  labels: [{ name: 'team', value: 'storage' }],
  actor: ACTOR,
  now: NOW,
  ...overrides,
});

export const resource = (overrides: Partial<AccountPackageResource> = {}): AccountPackageResource => ({
  ...spec(),
  id: randomUUID(),
  packageState: 'verifying',
  packageStateDetails: [],
  metadata: { labels: [{ name: 'team', value: 'storage' }], creationTimestamp: NOW, modificationTimestamp: NOW, createdBy: ACTOR },
  ...overrides,
});

export const created = (overrides: Partial<AccountPackageResource> = {}): AccountPackageEvent => ({
  type: 'PackageCreated',
  data: resource(overrides),
});

export const stateChanged = (from: PackageState, to: PackageState): AccountPackageEvent => ({
  type: 'PackageStateChanged',
  data: { from, to, packageStateDetails: [], labels: [{ name: 'team', value: 'storage' }] },
});

/** The PUT body a client sends after a GET: the resource with the fixed transition table. */
export const putBody = (current: AccountPackageResource, overrides: Partial<AccountPackagePutBody> = {}): AccountPackagePutBody => ({
  ...structuredClone(current),
  packageStateTransitions: [],
  ...overrides,
});

export const updateCommand = (id: string, body: AccountPackagePutBody): UpdateAccountPackage => ({
  type: 'UpdateAccountPackage',
  id,
  accountId: randomUUID(),
  body,
  actor: ACTOR,
  now: NOW,
});

export const recorded = (events: AccountPackageEvent[], actor = ACTOR): Recorded<AccountPackageEvent>[] =>
  events.map((event, index) => ({
    ...event,
    meta: { version: index + 1, time: new Date(Date.parse(NOW) + index * 1000).toISOString(), actor },
  }));

export const given = (...events: AccountPackageEvent[]): AccountPackageState => recorded(events).reduce(evolve, initialState());

/** The live resource after `events`, for building PUT bodies. */
export const current = (state: AccountPackageState): AccountPackageResource => {
  if (state.status !== 'live') throw new Error(`expected a live package, got ${state.status}`);
  return state.resource;
};
