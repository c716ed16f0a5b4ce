import type { CatalogPackageFields, Versioning } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import type { AuditFields, LiveCatalogPackage, VersionSetState } from '../../../../libs/domain/src/catalog/catalog-package.state.js';

/** A `catalog_packages` row as read back (timestamps as Date, bigint as number). */
export type CatalogPackageRow = {
  id: string;
  title: string;
  system: CatalogPackageFields['system'];
  aliases: string[];
  description: string | null;
  versioning: Versioning;
  created_on: Date | string;
  created_by: string;
  last_modified_on: Date | string;
  last_modified_by: string;
  version: number;
  created_seq: number;
};

export type CatalogVersionSetRow = {
  package_id: string;
  number: number;
  version_constraint: string;
  created_on: Date | string;
  created_by: string;
  last_modified_on: Date | string;
  last_modified_by: string;
  version: number;
};

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

/** A package's components and releases as the state holds them. */
export type PartsState = Pick<LiveCatalogPackage, 'components' | 'releases'>;

/** Rebuilds the write side's state from rows, so `evolve` of libs/domain folds the batch on top. */
export function toState(
  row: CatalogPackageRow,
  sets: CatalogVersionSetRow[],
  parts: PartsState = { components: {}, releases: {} },
): LiveCatalogPackage {
  const versionSets: Record<number, VersionSetState> = {};
  for (const set of sets) versionSets[set.number] = versionSetRowFields(set);
  return {
    status: 'live',
    ...packageRowFields(row),
    version: row.version,
    versionSets,
    // Only the write side needs the highest number ever assigned; the read model keeps live ones.
    highestNumber: sets.reduce((max, set) => Math.max(max, set.number), 0),
    ...parts,
  };
}

/** A package row's fields as the seed `Package` names and orders them (the query API's body). */
export function packageRowFields(row: CatalogPackageRow): CatalogPackageFields & AuditFields {
  return {
    id: row.id,
    title: row.title,
    system: row.system,
    aliases: row.aliases,
    ...(row.description === null ? {} : { description: row.description }),
    versioning: row.versioning,
    created_by: row.created_by,
    created_on: iso(row.created_on),
    last_modified_by: row.last_modified_by,
    last_modified_on: iso(row.last_modified_on),
  };
}

/** A VersionSet row's fields as the state holds them, in the seed `PackageVersionSet`'s order. */
export function versionSetRowFields(row: Omit<CatalogVersionSetRow, 'package_id' | 'version'>): VersionSetState {
  return {
    number: row.number,
    version_constraint: row.version_constraint,
    created_by: row.created_by,
    created_on: iso(row.created_on),
    last_modified_by: row.last_modified_by,
    last_modified_on: iso(row.last_modified_on),
  };
}

export function toPackageRow(state: LiveCatalogPackage, createdSeq: number): CatalogPackageRow {
  return {
    id: state.id,
    title: state.title,
    system: state.system,
    aliases: state.aliases,
    description: state.description ?? null,
    versioning: state.versioning,
    created_on: state.created_on,
    created_by: state.created_by,
    last_modified_on: state.last_modified_on,
    last_modified_by: state.last_modified_by,
    version: state.version,
    created_seq: createdSeq,
  };
}

export function toVersionSetRow(packageId: string, set: VersionSetState, version: number): CatalogVersionSetRow {
  return { package_id: packageId, ...set, version };
}
