import type { AccountPackageEvent } from '../../../../libs/domain/src/accounts/account-package.events.js';
import { evolve, initialState, type AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import type { AggregateModel } from '../pipeline/aggregate-model.js';

export const accountPackageModel: AggregateModel<AccountPackageState, AccountPackageEvent> = {
  family: 'accounts',
  initialState,
  evolve,
  exists: (state) => state.status === 'live',
};
