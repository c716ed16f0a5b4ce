// State of one catalog Package (its VersionSets inside), folded from its events. Audit fields and
// the version come from the envelope (event.meta), never from the event data.
import type { Recorded } from '../event-meta.js';
import type { CatalogEvent, CatalogPackageData, CatalogPackageFields } from './catalog-package.events.js';

export type AuditFields = {
  created_by: string;
  created_on: string;
  last_modified_by: string;
  last_modified_on: string;
};

export type VersionSetState = AuditFields & { number: number; version_constraint: string };

export type LiveCatalogPackage = CatalogPackageFields &
  AuditFields & {
    status: 'live';
    /** Stream sequence of the package's last event (its ETag). */
    version: number;
    /** Live VersionSets by number; a deleted one is removed. */
    versionSets: Readonly<Record<number, VersionSetState>>;
    /** Highest number ever assigned; never goes down, so numbers are never reused. */
    highestNumber: number;
  };

export type DeletedCatalogPackage = {
  status: 'deleted';
  id: string;
  version: number;
  highestNumber: number;
  deleted_by: string;
  deleted_on: string;
};

export type CatalogPackageState = { status: 'none' } | LiveCatalogPackage | DeletedCatalogPackage;

export const initialState = (): CatalogPackageState => ({ status: 'none' });

/** Live VersionSets in number order. */
export const liveVersionSets = (state: LiveCatalogPackage): VersionSetState[] =>
  Object.values(state.versionSets).sort((a, b) => a.number - b.number);

const touch = (state: LiveCatalogPackage, event: Recorded<CatalogEvent>): LiveCatalogPackage => ({
  ...state,
  last_modified_by: event.meta.actor,
  last_modified_on: event.meta.time,
  version: event.meta.version,
});

const withVersionSets = (
  state: LiveCatalogPackage,
  event: Recorded<CatalogEvent>,
  versionSets: Record<number, VersionSetState>,
  highestNumber = state.highestNumber,
): LiveCatalogPackage => ({ ...touch(state, event), versionSets, highestNumber });

/**
 * Folds one recorded event. Events that cannot apply to the current status (a stream this
 * aggregate never wrote) leave the state unchanged rather than invent one.
 */
export const evolve = (state: CatalogPackageState, event: Recorded<CatalogEvent>): CatalogPackageState => {
  if (event.type === 'PackageCreated') return state.status === 'none' ? created(event) : state;
  if (state.status !== 'live') return state;
  switch (event.type) {
    case 'PackageUpdated':
      return { ...withoutDescription(touch(state, event)), ...packageFields(event.data) };
    case 'PackageDeleted':
      return deleted(state, event);
    case 'VersionSetCreated':
    case 'VersionSetUpdated':
      return withVersionSets(state, event, { ...state.versionSets, [event.data.number]: versionSet(state, event) },
        Math.max(state.highestNumber, event.data.number));
    case 'VersionSetDeleted': {
      const { [event.data.number]: _removed, ...rest } = state.versionSets;
      return withVersionSets(state, event, rest);
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
};

/**
 * A copy of a package's id and mutable fields (PackageCreated/PackageUpdated data, or a live
 * package's); a null or absent description stays absent (a PUT that omits it clears it).
 */
export const packageFields = (data: CatalogPackageFields | CatalogPackageData): CatalogPackageFields => ({
  id: data.id,
  title: data.title,
  system: data.system,
  aliases: [...data.aliases],
  ...(data.description === undefined || data.description === null ? {} : { description: data.description }),
  versioning: { ...data.versioning },
});

/** A live package's fields as PackageCreated / PackageUpdated data (v2) would carry them. */
export const packageData = (fields: CatalogPackageFields): CatalogPackageData => ({
  ...packageFields(fields),
  description: fields.description ?? null,
});

const withoutDescription = ({ description: _dropped, ...rest }: LiveCatalogPackage): LiveCatalogPackage => rest;

const created = (event: Recorded<CatalogEvent> & { type: 'PackageCreated' }): LiveCatalogPackage => {
  const { actor, time, version } = event.meta;
  // Object.assign onto the fresh copy: a spread here was the rebuild's costliest line in Node.
  return Object.assign(packageFields(event.data), {
    status: 'live' as const,
    created_by: actor,
    created_on: time,
    last_modified_by: actor,
    last_modified_on: time,
    version,
    versionSets: {},
    highestNumber: 0,
  });
};

const versionSet = (
  state: LiveCatalogPackage,
  event: Recorded<CatalogEvent> & { type: 'VersionSetCreated' | 'VersionSetUpdated' },
): VersionSetState => {
  const { number, version_constraint } = event.data;
  const { actor, time } = event.meta;
  const existing = event.type === 'VersionSetUpdated' ? state.versionSets[number] : undefined;
  return {
    number,
    version_constraint,
    created_by: existing?.created_by ?? actor,
    created_on: existing?.created_on ?? time,
    last_modified_by: actor,
    last_modified_on: time,
  };
};

const deleted = (state: LiveCatalogPackage, event: Recorded<CatalogEvent>): DeletedCatalogPackage => ({
  status: 'deleted',
  id: state.id,
  version: event.meta.version,
  highestNumber: state.highestNumber,
  deleted_by: event.meta.actor,
  deleted_on: event.meta.time,
});
