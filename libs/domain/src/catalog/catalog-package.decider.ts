// decide(command, state): at most one event per command (SPEC §1); null = nothing changed.
import { assertValid, ConflictError, NotFoundError, type FieldIssue } from '../errors.js';
import { canonicalJson, isAbsent } from '../field-checks.js';
import type {
  CreatePackage,
  CatalogCommand,
  DeletePackage,
  UpdatePackage,
} from './catalog-package.commands.js';
import type { CatalogEvent } from './catalog-package.events.js';
import { normalizePackage, packageBodyIssues } from './catalog-package.rules.js';
import { packageData, type CatalogPackageState, type LiveCatalogPackage } from './catalog-package.state.js';
import { createComponent, deleteComponent, updateComponent } from './catalog-component.decider.js';
import { createRelease, deleteRelease, updateRelease } from './catalog-release.decider.js';
import { createVersionSet, deleteVersionSet, updateVersionSet } from './catalog-version-set.decider.js';

export const decide = (command: CatalogCommand, state: CatalogPackageState): CatalogEvent | null => {
  switch (command.type) {
    case 'CreatePackage':
      return createPackage(command, state);
    case 'UpdatePackage':
      return updatePackage(command, state);
    case 'DeletePackage':
      return deletePackage(command, state);
    case 'CreateVersionSet':
      return createVersionSet(command, requireLive(state, command.packageId));
    case 'UpdateVersionSet':
      return updateVersionSet(command, requireLive(state, command.packageId));
    case 'DeleteVersionSet':
      return deleteVersionSet(command, requireLive(state, command.packageId));
    case 'CreateComponent':
      return createComponent(command, requireLive(state, command.packageId));
    case 'UpdateComponent':
      return updateComponent(command, requireLive(state, command.packageId));
    case 'DeleteComponent':
      return deleteComponent(command, requireLive(state, command.packageId));
    case 'CreateRelease':
      return createRelease(command, requireLive(state, command.packageId));
    case 'UpdateRelease':
      return updateRelease(command, requireLive(state, command.packageId));
    case 'DeleteRelease':
      return deleteRelease(command, requireLive(state, command.packageId));
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
};

/** A missing and a deleted package answer alike: not found. */
const requireLive = (state: CatalogPackageState, id: string): LiveCatalogPackage => {
  if (state.status !== 'live') throw new NotFoundError('Package', id);
  return state;
};

const createPackage = (command: CreatePackage, state: CatalogPackageState): CatalogEvent => {
  if (state.status !== 'none') {
    throw new ConflictError(`package ${command.id} already exists`, [
      { path: 'id', message: 'already exists', value: command.id },
    ]);
  }
  assertValid(packageBodyIssues(command.body));
  return { type: 'PackageCreated', data: normalizePackage(command.id, command.body) };
};

const updatePackage = (command: UpdatePackage, state: CatalogPackageState): CatalogEvent | null => {
  const live = requireLive(state, command.id);
  const { body } = command;
  assertValid(packageBodyIssues(body));
  const conflicts: FieldIssue[] = [];
  if (!isAbsent(body.id) && body.id !== live.id) {
    conflicts.push({ path: 'id', message: `must be ${live.id}, the package in the path`, value: body.id });
  }
  if (body.system !== live.system) {
    conflicts.push({ path: 'system', message: `is immutable (the package is ${live.system})`, value: body.system });
  }
  if (conflicts.length > 0) throw new ConflictError(`cannot update package ${live.id}`, conflicts);
  // PUT replaces the whole resource: anything the body omits goes back to its default.
  const next = normalizePackage(live.id, body);
  if (canonicalJson(next) === canonicalJson(packageData(live))) return null;
  return { type: 'PackageUpdated', data: next };
};

const deletePackage = (command: DeletePackage, state: CatalogPackageState): CatalogEvent => {
  const live = requireLive(state, command.id);
  return { type: 'PackageDeleted', data: { id: live.id } };
};
