// State of one account package, folded from its events. `version` is the stream sequence of the
// last event (the ETag); modification metadata comes from the envelope (event.meta).
import type { Recorded } from '../event-meta.js';
import type { AccountPackageEvent, AccountPackageResource } from './account-package.events.js';

export type LiveAccountPackage = { status: 'live'; resource: AccountPackageResource; version: number };
export type DeletedAccountPackage = { status: 'deleted'; id: string; version: number };
export type AccountPackageState = { status: 'none' } | LiveAccountPackage | DeletedAccountPackage;

export const initialState = (): AccountPackageState => ({ status: 'none' });

/** Events that cannot apply to the current status leave the state unchanged. */
export const evolve = (
  state: AccountPackageState,
  event: Recorded<AccountPackageEvent>,
): AccountPackageState => {
  switch (event.type) {
    case 'PackageCreated':
      if (state.status !== 'none') return state;
      return { status: 'live', resource: structuredClone(event.data), version: event.meta.version };
    case 'PackageStateChanged': {
      if (state.status !== 'live') return state;
      const { to, packageStateDetails, labels } = event.data;
      const { resource } = state;
      const metadata = { ...resource.metadata, labels: [...labels], modificationTimestamp: event.meta.time, modifiedBy: event.meta.actor };
      return {
        status: 'live',
        resource: { ...resource, packageState: to, packageStateDetails: [...packageStateDetails], metadata },
        version: event.meta.version,
      };
    }
    case 'PackageDeleted':
      if (state.status !== 'live') return state;
      return { status: 'deleted', id: state.resource.id, version: event.meta.version };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
};
