// The VersionSet half of the catalog decider. VersionSets live inside their Package aggregate, so
// the no-overlap invariant is checked against one consistent state.
import { assertValid, ConflictError, NotFoundError, type FieldIssue } from '../errors.js';
import { isAbsent } from '../field-checks.js';
import type { CreateVersionSet, DeleteVersionSet, UpdateVersionSet } from './catalog-package.commands.js';
import type { CatalogEvent } from './catalog-package.events.js';
import { rangesOverlap, versionConstraintIssues, versionSetId } from './catalog-package.rules.js';
import { liveVersionSets, type LiveCatalogPackage, type VersionSetState } from './catalog-package.state.js';

export const createVersionSet = (command: CreateVersionSet, live: LiveCatalogPackage): CatalogEvent => {
  const range = command.body.version_constraint;
  assertValid(versionConstraintIssues(range));
  assertNoOverlap(live, range);
  // highestNumber never goes down, so a deleted VersionSet's number is never handed out again.
  const number = live.highestNumber + 1;
  return { type: 'VersionSetCreated', data: { package: live.id, number, version_constraint: range } };
};

export const updateVersionSet = (command: UpdateVersionSet, live: LiveCatalogPackage): CatalogEvent | null => {
  const current = requireVersionSet(live, command.number);
  const { body } = command;
  assertValid(versionConstraintIssues(body.version_constraint));
  const conflicts: FieldIssue[] = [];
  if (!isAbsent(body.package) && body.package !== live.id && !live.aliases.includes(body.package)) {
    conflicts.push({ path: 'package', message: `must be ${live.id} or one of its aliases`, value: body.package });
  }
  if (!isAbsent(body.number) && body.number !== command.number) {
    conflicts.push({ path: 'number', message: `must be ${command.number}, the number in the path`, value: body.number });
  }
  if (conflicts.length > 0) {
    throw new ConflictError(`cannot update version set ${versionSetId(live.id, command.number)}`, conflicts);
  }
  if (body.version_constraint === current.version_constraint) return null;
  assertNoOverlap(live, body.version_constraint, command.number);
  return {
    type: 'VersionSetUpdated',
    data: { package: live.id, number: command.number, version_constraint: body.version_constraint },
  };
};

export const deleteVersionSet = (command: DeleteVersionSet, live: LiveCatalogPackage): CatalogEvent => {
  requireVersionSet(live, command.number);
  return { type: 'VersionSetDeleted', data: { package: live.id, number: command.number } };
};

/** A live VersionSet of the package; a missing or deleted number is not found. */
export const requireVersionSet = (live: LiveCatalogPackage, number: number): VersionSetState => {
  const versionSet = live.versionSets[number];
  if (versionSet === undefined) throw new NotFoundError('VersionSet', versionSetId(live.id, number));
  return versionSet;
};

/** Lists every clash, not the first, so a client can fix the ranges in one go. */
const assertNoOverlap = (live: LiveCatalogPackage, range: string, except?: number): void => {
  const clashes = liveVersionSets(live).filter(
    (versionSet) => versionSet.number !== except && rangesOverlap(range, versionSet.version_constraint),
  );
  if (clashes.length === 0) return;
  const ids = clashes.map((versionSet) => versionSetId(live.id, versionSet.number));
  throw new ConflictError(
    `version_constraint "${range}" overlaps live version set(s) ${ids.join(', ')}`,
    clashes.map((versionSet, index) => ({
      path: 'version_constraint',
      message: `overlaps ${ids[index]} ("${versionSet.version_constraint}")`,
      value: ids[index],
    })),
  );
};
