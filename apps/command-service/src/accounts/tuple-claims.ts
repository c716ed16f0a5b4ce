import type { AccountPackageEvent } from '../../../../libs/domain/src/accounts/account-package.events.js';
import {
  accountUniquenessConflict,
  accountUniquenessKey,
  type AccountUniquenessKey,
} from '../../../../libs/domain/src/accounts/account-package.rules.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import type { UniquenessStore } from '../uniqueness/uniqueness.store.js';
import type { WriteClaims } from '../write/run-write.js';

/**
 * The (account, packageName, packageVersion, packageType) side of one account package command.
 * A create claims its tuple right before the append (409 when another live package holds it); a
 * delete notes the revision of its claim and frees it after the append. A create that appended
 * nothing frees what it claimed. The tuple is read-only, so a PUT never touches it.
 */
const tupleId = (tuple: AccountUniquenessKey): string => JSON.stringify(tuple);

export function createTupleClaims(
  store: UniquenessStore<AccountUniquenessKey>,
  accountId: string,
  packageId: string,
): WriteClaims<AccountPackageState, AccountPackageEvent> {
  let claimed: AccountUniquenessKey | undefined;
  let dropped: { tuple: AccountUniquenessKey; revision: number } | undefined;

  const beforeAppend = async (event: AccountPackageEvent, state: AccountPackageState): Promise<void> => {
    if (event.type === 'PackageCreated') {
      const tuple = accountUniquenessKey(accountId, event.data);
      const result = await store.reserve(tuple, packageId);
      if (result.outcome === 'taken') throw accountUniquenessConflict(event.data);
      if (result.outcome === 'reserved') claimed = tuple;
    } else if (event.type === 'PackageDeleted' && state.status === 'live') {
      const tuple = accountUniquenessKey(accountId, state.resource);
      const revision = await store.revisionOf(tuple, packageId);
      dropped = revision === undefined ? undefined : { tuple, revision };
    }
  };

  const settle = async (appended: boolean): Promise<void> => {
    // Best effort: a reservation left behind is an orphan, reclaimed after the grace period.
    if (appended && dropped) await store.release(dropped.tuple, packageId, dropped.revision).catch(() => undefined);
    if (!appended && claimed) await store.release(claimed, packageId).catch(() => undefined);
  };

  const restore = async (state: AccountPackageState): Promise<void> => {
    const held = state.status === 'live' ? accountUniquenessKey(accountId, state.resource) : undefined;
    if (held) await store.reserve(held, packageId);
    if (claimed && (!held || tupleId(claimed) !== tupleId(held))) await store.release(claimed, packageId).catch(() => undefined);
  };

  return { beforeAppend, settle, restore };
}
