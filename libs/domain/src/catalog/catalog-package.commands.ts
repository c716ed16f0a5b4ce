// Commands of the catalog aggregate. `actor`, `now` and new ids arrive here so decide() stays
// deterministic. Optional body members accept `null` as "absent", as the API does.
import type { CommandContext } from '../command-context.js';
import type {
  PackageSystem,
  ReleaseChange,
  ReleaseCycle,
  SupportModel,
  VersioningScheme,
} from './catalog-package.events.js';

export type { CommandContext };

export type VersioningInput = {
  scheme?: VersioningScheme | null;
  release_cycle?: ReleaseCycle | null;
  support_model?: SupportModel | null;
  release_interval_days?: number | null;
};

/** A Package body after shape validation: what POST takes and what PUT replaces. */
export type PackageBody = {
  title: string;
  system: PackageSystem;
  aliases?: string[] | null;
  description?: string | null;
  versioning?: VersioningInput | null;
};

export type CreatePackage = CommandContext & {
  type: 'CreatePackage';
  /** The new `pkg_<uuid v4>`, chosen before the append (kept with an idempotency key). */
  id: string;
  body: PackageBody;
};

/** PUT: a full replacement. `body.id` is what the client sent (GET body round trip), if anything. */
export type UpdatePackage = CommandContext & {
  type: 'UpdatePackage';
  /** The package id the path resolved to. */
  id: string;
  body: PackageBody & { id?: string | null };
};

export type DeletePackage = CommandContext & { type: 'DeletePackage'; id: string };

export type VersionSetBody = { version_constraint: string };

export type CreateVersionSet = CommandContext & {
  type: 'CreateVersionSet';
  packageId: string;
  body: VersionSetBody;
};

/** PUT of a VersionSet; `body.package` / `body.number` are what the client sent, if anything. */
export type UpdateVersionSet = CommandContext & {
  type: 'UpdateVersionSet';
  packageId: string;
  /** From the path. */
  number: number;
  body: VersionSetBody & { package?: string | null; number?: number | null };
};

export type DeleteVersionSet = CommandContext & { type: 'DeleteVersionSet'; packageId: string; number: number };

/** A PackageComponent body after shape validation (SPEC §4.4). */
export type ComponentBody = {
  name: string;
  title: string;
  primary: boolean;
  description?: string | null;
};

/** POST /packages/{package}/versionsets/{number}/components. */
export type CreateComponent = CommandContext & {
  type: 'CreateComponent';
  packageId: string;
  /** The VersionSet number from the path. */
  number: number;
  body: ComponentBody;
};

/**
 * PUT of a component: the GET body. `body.name`, `body.package` and `body.versionset_number` must
 * match the path; `$schema` and the audit fields are the HTTP layer's to drop.
 */
export type UpdateComponent = CommandContext & {
  type: 'UpdateComponent';
  packageId: string;
  number: number;
  /** The component name from the path (percent-decoded). */
  name: string;
  body: ComponentBody & { package?: string | null; versionset_number?: number | null };
};

export type DeleteComponent = CommandContext & {
  type: 'DeleteComponent';
  packageId: string;
  number: number;
  name: string;
};

/** A PackageRelease body after shape validation (SPEC §4.5). */
export type ReleaseBody = {
  version: string;
  released_on?: string | null;
  changes?: ReleaseChange[] | null;
};

/** POST /packages/{package}/releases. */
export type CreateRelease = CommandContext & { type: 'CreateRelease'; packageId: string; body: ReleaseBody };

/**
 * PUT of a release: the GET body. `version` and `package` are immutable; `id` (when sent) must name
 * this release; `versionset_number` is read-only and ignored, as are `$schema` and the audit fields.
 */
export type UpdateRelease = CommandContext & {
  type: 'UpdateRelease';
  packageId: string;
  /** The version part of the path's `{release}` (see `parseReleaseRef`). */
  version: string;
  body: ReleaseBody & { package?: string | null; id?: string | null };
};

export type DeleteRelease = CommandContext & { type: 'DeleteRelease'; packageId: string; version: string };

export type CatalogCommand =
  | CreatePackage
  | UpdatePackage
  | DeletePackage
  | CreateVersionSet
  | UpdateVersionSet
  | DeleteVersionSet
  | CreateComponent
  | UpdateComponent
  | DeleteComponent
  | CreateRelease
  | UpdateRelease
  | DeleteRelease;

export type CatalogCommandType = CatalogCommand['type'];
