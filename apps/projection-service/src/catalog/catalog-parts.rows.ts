import { versionSortKey } from '../../../../libs/domain/src/accounts/package-version.js';
import type { ReleaseChange } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import {
  componentKey,
  type ComponentState,
  type ReleaseState,
} from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { isPrerelease, releaseKey } from '../../../../libs/domain/src/catalog/catalog-release.rules.js';
import type { PartsState } from './catalog.rows.js';

/** A `catalog_components` row as read back (timestamps as Date). */
export type ComponentRow = {
  package_id: string;
  versionset_number: number;
  name: string;
  title: string;
  is_primary: boolean;
  description: string | null;
  created_on: Date | string;
  created_by: string;
  last_modified_on: Date | string;
  last_modified_by: string;
  /** Stream sequence of the last event that wrote the row. */
  seq: number;
};

/** A `catalog_releases` row; `version_key` orders by SemVer precedence under `COLLATE "C"`. */
export type ReleaseRow = {
  package_id: string;
  version_key: string;
  version: string;
  released_on: string | null;
  changes: ReleaseChange[];
  prerelease: boolean;
  /** The live VersionSet whose range holds `version`, kept by the projector (docs/read-models.md). */
  versionset_number: number | null;
  created_on: Date | string;
  created_by: string;
  last_modified_on: Date | string;
  last_modified_by: string;
  seq: number;
};

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

/** The seed-ordered fields of a component as the state (and the query body) holds them. */
export function componentRowFields(row: ComponentRow): ComponentState {
  return {
    versionset_number: row.versionset_number,
    name: row.name,
    title: row.title,
    primary: row.is_primary,
    ...(row.description === null ? {} : { description: row.description }),
    created_by: row.created_by,
    created_on: iso(row.created_on),
    last_modified_by: row.last_modified_by,
    last_modified_on: iso(row.last_modified_on),
  };
}

export function releaseRowFields(row: ReleaseRow): ReleaseState {
  return {
    version: row.version,
    ...(row.released_on === null ? {} : { released_on: row.released_on }),
    changes: row.changes,
    created_by: row.created_by,
    created_on: iso(row.created_on),
    last_modified_by: row.last_modified_by,
    last_modified_on: iso(row.last_modified_on),
  };
}

/** A package's stored components and releases, keyed as the write side's state keys them. */
export function toParts(components: ComponentRow[], releases: ReleaseRow[]): PartsState {
  return {
    components: Object.fromEntries(components.map((row) => [componentKey(row.versionset_number, row.name), componentRowFields(row)])),
    releases: Object.fromEntries(releases.map((row) => [releaseKey(row.version), releaseRowFields(row)])),
  };
}

export function toComponentRow(packageId: string, component: ComponentState, seq: number): ComponentRow {
  const { primary, description, ...rest } = component;
  return { package_id: packageId, ...rest, is_primary: primary, description: description ?? null, seq };
}

export function toReleaseRow(packageId: string, release: ReleaseState, versionSet: number | null, seq: number): ReleaseRow {
  const { released_on, ...rest } = release;
  return {
    package_id: packageId,
    ...rest,
    version_key: versionSortKey(release.version),
    released_on: released_on ?? null,
    prerelease: isPrerelease(release.version),
    versionset_number: versionSet,
    seq,
  };
}
