// Accounts family events (schemaversion 1). PackageCreated carries the whole created resource:
// the stream, not the read model, is the source of truth (files included).

export type PackageState = 'verifying' | 'corrupt' | 'incomplete' | 'available';
export type PackageType = 'install' | 'patch';
export type SeverityLevel = 'recommended' | 'critical';

export type Label = { name: string; value: string };
export type StateDetail = { type: string; title: string; detail: string };

export type ImageRef = { imagePath: string; imageName: string; imageTag: string };
export type Image = ImageRef & { imageDigest: string; dependsOnImages?: ImageRef[] };
export type Artifact = {
  artifactName: string;
  artifactIdentifier: string;
  artifactPath: string;
  artifactVersion?: string;
  dependsOnComponents?: { componentName: string; versions: string[] }[];
};
export type PackageFile = { fileName: string; fileIdentifier: string; fileMediaType: string; fileContents: string };
export type Dependency = { componentName: string; componentMinVersion?: string; componentMaxVersion?: string };

/** What a client supplies on create (after validation), `metadata` reduced to labels. */
export type AccountPackageSpec = {
  type: 'application/astra-package';
  version: '1.0';
  packageName: string;
  packageVersion: string;
  packageType: PackageType;
  severityLevel: SeverityLevel;
  bundleName?: string[];
  images?: Image[];
  artifacts?: Artifact[];
  files?: PackageFile[];
  upgradableVersions?: { minVersion?: string; maxVersion?: string };
  dependencies?: Dependency[];
};

export type AccountPackageMetadata = {
  labels: Label[];
  creationTimestamp: string;
  modificationTimestamp: string;
  createdBy: string;
  modifiedBy?: string;
};

/** The created resource as stored in PackageCreated (without packageStateTransitions, a fixed table). */
export type AccountPackageResource = AccountPackageSpec & {
  id: string;
  packageState: PackageState;
  packageStateDetails: StateDetail[];
  metadata: AccountPackageMetadata;
};

export type AccountPackageCreated = { type: 'PackageCreated'; data: AccountPackageResource };
export type PackageStateChanged = {
  type: 'PackageStateChanged';
  data: { from: PackageState; to: PackageState; packageStateDetails: StateDetail[]; labels: Label[] };
};
export type AccountPackageDeleted = { type: 'PackageDeleted'; data: { id: string } };

export type AccountPackageEvent = AccountPackageCreated | PackageStateChanged | AccountPackageDeleted;
export type AccountPackageEventType = AccountPackageEvent['type'];

export const ACCOUNT_PACKAGE_EVENT_TYPES = [
  'PackageCreated',
  'PackageStateChanged',
  'PackageDeleted',
] as const satisfies readonly AccountPackageEventType[];
