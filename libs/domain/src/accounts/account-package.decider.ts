// decide(command, state) for account packages: at most one event; null = nothing changed.
import { assertValid, ConflictError, NotFoundError, type FieldIssue } from '../errors.js';
import { checkOneOf, isAbsent } from '../field-checks.js';
import type {
  AccountPackageCommand,
  CreateAccountPackage,
  RecordVerification,
  UpdateAccountPackage,
} from './account-package.commands.js';
import type { AccountPackageEvent, Label, StateDetail } from './account-package.events.js';
import { pickSpec, readOnlyDifferences, sameValue } from './account-package.put.js';
import { accountPackageSpecIssues, labelIssues, stateDetailIssues } from './account-package.rules.js';
import type { AccountPackageState, LiveAccountPackage } from './account-package.state.js';
import { canMove, PACKAGE_STATE_TRANSITIONS, PACKAGE_STATES } from './account-package.transitions.js';

export const decide = (command: AccountPackageCommand, state: AccountPackageState): AccountPackageEvent | null => {
  switch (command.type) {
    case 'CreateAccountPackage':
      return create(command, state);
    case 'UpdateAccountPackage':
      return update(command, requireLive(state, command.id));
    case 'DeleteAccountPackage':
      return { type: 'PackageDeleted', data: { id: requireLive(state, command.id).resource.id } };
    case 'RecordVerification':
      return recordVerification(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
};

const requireLive = (state: AccountPackageState, id: string): LiveAccountPackage => {
  if (state.status !== 'live') throw new NotFoundError('Package', id);
  return state;
};

const create = (command: CreateAccountPackage, state: AccountPackageState): AccountPackageEvent => {
  if (state.status !== 'none') {
    throw new ConflictError(`package ${command.id} already exists`, [{ path: 'id', message: 'already exists', value: command.id }]);
  }
  assertValid([...accountPackageSpecIssues(command.spec), ...labelIssues(command.labels)]);
  const { id, now, actor } = command;
  return {
    type: 'PackageCreated',
    data: {
      ...pickSpec(command.spec),
      id,
      packageState: 'verifying',
      packageStateDetails: [],
      metadata: { labels: copyLabels(command.labels), creationTimestamp: now, modificationTimestamp: now, createdBy: actor },
    },
  };
};

const update = (command: UpdateAccountPackage, live: LiveAccountPackage): AccountPackageEvent | null => {
  const { body } = command;
  const current = live.resource;
  // PUT replaces: absent labels or details mean none.
  const labels = body.metadata?.labels ?? [];
  const requestedDetails = body.packageStateDetails ?? [];
  const issues: FieldIssue[] = [...stateDetailIssues(requestedDetails), ...labelIssues(labels)];
  checkOneOf(issues, 'packageState', body.packageState, PACKAGE_STATES);
  assertValid(issues);
  const conflicts: FieldIssue[] = [];
  if (!isAbsent(body.id) && body.id !== current.id) {
    conflicts.push({ path: 'id', message: `must be ${current.id}, the package in the path`, value: body.id });
  }
  conflicts.push(...readOnlyDifferences(current, body));
  const from = current.packageState;
  const to = body.packageState;
  if (!canMove(from, to)) conflicts.push(transitionIssue(from, to));
  if (conflicts.length > 0) throw new ConflictError(`cannot update package ${current.id}`, conflicts);
  const details = copyDetails(requestedDetails);
  const unchanged = from === to && sameValue(details, current.packageStateDetails) && sameValue(labels, current.metadata.labels);
  if (unchanged) return null;
  return { type: 'PackageStateChanged', data: { from, to, packageStateDetails: details, labels: copyLabels(labels) } };
};

const transitionIssue = (from: string, to: string): FieldIssue => {
  const allowed = PACKAGE_STATE_TRANSITIONS.find((row) => row.from === from)?.to ?? [];
  return {
    path: 'packageState',
    message: `cannot move from ${from} to ${to}; from ${from} the allowed states are ${allowed.join(', ') || 'none'}`,
    value: to,
  };
};

/** Verification runs once: only a package still `verifying` takes its outcome, so redelivery is a no-op. */
const recordVerification = (command: RecordVerification, state: AccountPackageState): AccountPackageEvent | null => {
  if (state.status === 'none') throw new NotFoundError('Package', command.id);
  if (state.status === 'deleted' || state.resource.packageState !== 'verifying') return null;
  return {
    type: 'PackageStateChanged',
    data: {
      from: 'verifying',
      to: command.result.to,
      packageStateDetails: copyDetails(command.result.packageStateDetails),
      labels: copyLabels(state.resource.metadata.labels),
    },
  };
};

const copyLabels = (labels: readonly Label[]): Label[] => labels.map(({ name, value }) => ({ name, value }));
const copyDetails = (details: readonly StateDetail[]): StateDetail[] =>
  details.map(({ type, title, detail }) => ({ type, title, detail }));
