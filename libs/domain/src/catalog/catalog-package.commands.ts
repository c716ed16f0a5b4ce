// Commands of the catalog aggregate. `actor`, `now` and new ids arrive here so decide() stays
// deterministic. Optional body members accept `null` as "absent", as the API does.
import type { CommandContext } from '../command-context.js';
import type { PackageSystem, ReleaseCycle, SupportModel, VersioningScheme } from './catalog-package.events.js';

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

export type CatalogCommand =
  | CreatePackage
  | UpdatePackage
  | DeletePackage
  | CreateVersionSet
  | UpdateVersionSet
  | DeleteVersionSet;

export type CatalogCommandType = CatalogCommand['type'];
