// The resources the console reads, as far as it shows them (SPEC §4, §5).
export type Versioning = { scheme?: string; release_cycle?: string; support_model?: string; release_interval_days?: number };
export type CatalogPackage = {
  id: string;
  title: string;
  system: string;
  aliases?: string[];
  description?: string;
  versioning?: Versioning;
  created_at?: string;
  last_modified_at?: string;
};
export type VersionSet = { package: string; number: number; version_constraint: string };
export type Component = { name: string; title: string; primary: boolean; description?: string };
export type Change = { kind: string; description: string };
export type Release = { id: string; version: string; released_on?: string; changes?: Change[]; versionset_number: number | null };
export type Page<T> = { data: T[]; continuation_token?: string };
export type CloudEvent = { id: string; type: string; time: string; actor: string; subject: string; data: Record<string, unknown> };

export type AccountPackage = {
  id: string;
  packageName: string;
  packageVersion: string;
  packageType: string;
  severityLevel: string;
  packageState: string;
  packageStateTransitions?: { from: string; to: string[] }[];
  packageStateDetails?: { type: string; title: string; detail: string }[];
  bundleName?: string;
  images?: { imagePath: string; imageName: string; imageTag: string; imageDigest: string }[];
  artifacts?: { artifactName: string; artifactIdentifier: string; artifactPath: string; artifactVersion?: string }[];
  files?: { fileName: string; fileIdentifier: string; fileMediaType: string; fileContents: string }[];
  dependencies?: { componentName: string; componentMinVersion?: string; componentMaxVersion?: string }[];
  metadata: { labels?: { name: string; value: string }[]; creationTimestamp: string; modificationTimestamp?: string; createdBy: string };
};
export type AccountPackageList = { items: AccountPackage[]; metadata: { continue?: string; count?: number } };
