// State of one catalog Package (its VersionSets inside), folded from its events. Audit fields and
// the version come from the envelope (event.meta), never from the event data.
import type { Recorded } from '../event-meta.js';
import type {
  CatalogEvent,
  CatalogPackageData,
  CatalogPackageFields,
  ComponentFields,
  ReleaseFields,
} from './catalog-package.events.js';
import { releaseKey } from './catalog-release.rules.js';

export type AuditFields = {
  created_by: string;
  created_on: string;
  last_modified_by: string;
  last_modified_on: string;
};

export type VersionSetState = AuditFields & { number: number; version_constraint: string };

export type ComponentState = AuditFields & Omit<ComponentFields, 'package'>;

export type ReleaseState = AuditFields & Omit<ReleaseFields, 'package'>;

/** Key of a component in `LiveCatalogPackage.components`: unique per VersionSet by name. */
export const componentKey = (number: number, name: string): string => `${number}:${name}`;

export type LiveCatalogPackage = CatalogPackageFields &
  AuditFields & {
    status: 'live';
    /** Stream sequence of the package's last event (its ETag). */
    version: number;
    /** Live VersionSets by number; a deleted one is removed. */
    versionSets: Readonly<Record<number, VersionSetState>>;
    /** Highest number ever assigned; never goes down, so numbers are never reused. */
    highestNumber: number;
    /** Live components by `componentKey`; they go with their VersionSet. */
    components: Readonly<Record<string, ComponentState>>;
    /** Live releases by `releaseKey` (SemVer precedence), so `1.2.0` and `v1.2.0` share a key. */
    releases: Readonly<Record<string, ReleaseState>>;
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
      const number = event.data.number;
      const components = Object.entries(state.components).filter(([, part]) => part.versionset_number !== number);
      return { ...withVersionSets(state, event, rest), components: Object.fromEntries(components) };
    }
    case 'ComponentCreated':
    case 'ComponentUpdated': {
      const key = componentKey(event.data.versionset_number, event.data.name);
      const { package: _pkg, ...fields } = event.data;
      const existing = event.type === 'ComponentUpdated' ? state.components[key] : undefined;
      return { ...touch(state, event), components: { ...state.components, [key]: { ...fields, ...audit(existing, event) } } };
    }
    case 'ComponentDeleted': {
      const { [componentKey(event.data.versionset_number, event.data.name)]: _removed, ...components } = state.components;
      return { ...touch(state, event), components };
    }
    case 'ReleaseCreated':
    case 'ReleaseUpdated': {
      const key = releaseKey(event.data.version);
      const { package: _pkg, ...fields } = event.data;
      const existing = event.type === 'ReleaseUpdated' ? state.releases[key] : undefined;
      return { ...touch(state, event), releases: { ...state.releases, [key]: { ...fields, ...audit(existing, event) } } };
    }
    case 'ReleaseDeleted': {
      const { [releaseKey(event.data.version)]: _removed, ...releases } = state.releases;
      return { ...touch(state, event), releases };
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
    components: {},
    releases: {},
  });
};

/** Audit fields of a part: created_* from the part's first event, last_modified_* from this one. */
const audit = (existing: AuditFields | undefined, event: Recorded<CatalogEvent>): AuditFields => ({
  created_by: existing?.created_by ?? event.meta.actor,
  created_on: existing?.created_on ?? event.meta.time,
  last_modified_by: event.meta.actor,
  last_modified_on: event.meta.time,
});

const versionSet = (
  state: LiveCatalogPackage,
  event: Recorded<CatalogEvent> & { type: 'VersionSetCreated' | 'VersionSetUpdated' },
): VersionSetState => {
  const { number, version_constraint } = event.data;
  const existing = event.type === 'VersionSetUpdated' ? state.versionSets[number] : undefined;
  return { number, version_constraint, ...audit(existing, event) };
};

const deleted = (state: LiveCatalogPackage, event: Recorded<CatalogEvent>): DeletedCatalogPackage => ({
  status: 'deleted',
  id: state.id,
  version: event.meta.version,
  highestNumber: state.highestNumber,
  deleted_by: event.meta.actor,
  deleted_on: event.meta.time,
});
