// An account package as it was at a point in time (SPEC §4.6), folded from its recorded history
// with libs/domain's `evolve`, rendered like the live read.
import { isLowerUuid } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import { ACCOUNT_PACKAGE_EVENT_TYPES, type AccountPackageEvent } from '../../../../libs/domain/src/accounts/account-package.events.js';
import { evolve, initialState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import { accountPackageSubject } from '../../../../libs/event-store/src/subjects.js';
import { HistoryFolds, recordedEvent, type AsOf } from '../query/point-in-time.js';
import { createdResource } from './accounts.rows.js';
import { withTransitions, type Db, type Resource } from './account-packages.query.js';

/** The package and its version at `asOf`, or undefined (404) when it did not exist or was deleted then. */
export async function accountPackageAsOf(db: Db, accountId: string, id: string, asOf: AsOf): Promise<{ version: number; body: Resource } | undefined> {
  if (!isLowerUuid(id)) return undefined;
  const state = await FOLDS.at(db, accountPackageSubject(accountId, id), asOf);
  if (state.status !== 'live') return undefined;
  return { version: state.version, body: withTransitions(createdResource(state.resource) as unknown as Resource) };
}

const FOLDS = new HistoryFolds(initialState, (state, row) => {
  const event = recordedEvent(row, 'accounts', ACCOUNT_PACKAGE_EVENT_TYPES);
  return event ? evolve(state, event as Recorded<AccountPackageEvent>) : state;
});
