// Catalog family events (PackageCreated / PackageUpdated at schemaversion 2, the others at 1). The envelope adds actor and time; audit fields derive from them.

export type PackageSystem = 'helm' | 'kustomize' | 'kube';
export type VersioningScheme = 'semantic' | 'year-with-number' | 'calver' | 'unknown';
export type ReleaseCycle = 'none' | 'regular' | 'adhoc';
export type SupportModel = 'rolling' | 'none';

export type Versioning = {
  scheme: VersioningScheme;
  release_cycle: ReleaseCycle;
  support_model: SupportModel;
  release_interval_days?: number;
};

/** The mutable fields of a catalog Package plus its id, as a Package carries them (no description: absent). */
export type CatalogPackageFields = {
  id: string;
  title: string;
  system: PackageSystem;
  aliases: string[];
  description?: string;
  versioning: Versioning;
};

/**
 * PackageCreated / PackageUpdated data at schemaversion 2: `description` is always present, null
 * when the package has none, so a subscriber can tell "cleared" from "not sent".
 */
export type CatalogPackageData = Omit<CatalogPackageFields, 'description'> & { description: string | null };

/** The same data at schemaversion 1 (description optional); `catalog-event.upcasters.ts` turns it into v2. */
export type CatalogPackageDataV1 = CatalogPackageFields;

export type PackageCreated = { type: 'PackageCreated'; data: CatalogPackageData };
export type PackageUpdated = { type: 'PackageUpdated'; data: CatalogPackageData };
export type PackageDeleted = { type: 'PackageDeleted'; data: { id: string } };
export type VersionSetCreated = {
  type: 'VersionSetCreated';
  data: { package: string; number: number; version_constraint: string };
};
export type VersionSetUpdated = {
  type: 'VersionSetUpdated';
  data: { package: string; number: number; version_constraint: string };
};
export type VersionSetDeleted = { type: 'VersionSetDeleted'; data: { package: string; number: number } };

/** What ComponentCreated / ComponentUpdated carry (SPEC §4.4). */
export type ComponentFields = {
  package: string;
  versionset_number: number;
  name: string;
  title: string;
  primary: boolean;
  description?: string;
};

export type ComponentCreated = { type: 'ComponentCreated'; data: ComponentFields };
export type ComponentUpdated = { type: 'ComponentUpdated'; data: ComponentFields };
export type ComponentDeleted = {
  type: 'ComponentDeleted';
  data: { package: string; versionset_number: number; name: string };
};

export type ChangeKind = 'added' | 'changed' | 'deprecated' | 'removed' | 'fixed' | 'security';
export type ReleaseChange = { kind: ChangeKind; description: string };

/** What ReleaseCreated / ReleaseUpdated carry (SPEC §4.5); `version` as the client wrote it. */
export type ReleaseFields = {
  package: string;
  version: string;
  released_on?: string;
  changes: ReleaseChange[];
};

export type ReleaseCreated = { type: 'ReleaseCreated'; data: ReleaseFields };
export type ReleaseUpdated = { type: 'ReleaseUpdated'; data: ReleaseFields };
export type ReleaseDeleted = { type: 'ReleaseDeleted'; data: { package: string; version: string } };

export type CatalogEvent =
  | PackageCreated
  | PackageUpdated
  | PackageDeleted
  | VersionSetCreated
  | VersionSetUpdated
  | VersionSetDeleted
  | ComponentCreated
  | ComponentUpdated
  | ComponentDeleted
  | ReleaseCreated
  | ReleaseUpdated
  | ReleaseDeleted;

export type CatalogEventType = CatalogEvent['type'];

export const CATALOG_EVENT_TYPES = [
  'PackageCreated',
  'PackageUpdated',
  'PackageDeleted',
  'VersionSetCreated',
  'VersionSetUpdated',
  'VersionSetDeleted',
  'ComponentCreated',
  'ComponentUpdated',
  'ComponentDeleted',
  'ReleaseCreated',
  'ReleaseUpdated',
  'ReleaseDeleted',
] as const satisfies readonly CatalogEventType[];
