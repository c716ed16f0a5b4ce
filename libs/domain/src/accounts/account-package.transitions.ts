// The fixed state machine of an account package (SPEC §5.1), served on every read as
// `packageStateTransitions`. Keeping a state is not a transition and is always allowed.
import type { PackageState } from './account-package.events.js';

export type StateTransition = { readonly from: PackageState; readonly to: readonly PackageState[] };

export const PACKAGE_STATES = ['verifying', 'corrupt', 'incomplete', 'available'] as const satisfies readonly PackageState[];

export const PACKAGE_STATE_TRANSITIONS: readonly StateTransition[] = [
  { from: 'verifying', to: ['corrupt', 'incomplete', 'available'] },
  { from: 'corrupt', to: ['incomplete', 'available'] },
  { from: 'incomplete', to: ['corrupt', 'available'] },
  { from: 'available', to: ['corrupt', 'available'] },
];

/** True when `to` is `from` (no transition) or the table allows the move. */
export const canMove = (from: PackageState, to: PackageState): boolean =>
  from === to || PACKAGE_STATE_TRANSITIONS.some((row) => row.from === from && row.to.includes(to));
