// The component half of the catalog decider. Components live inside their Package aggregate, so
// "name unique per VersionSet" and "one primary per VersionSet" are checked against one consistent
// state and hold under concurrent writers (the append expects the package's version).
import { assertValid, ConflictError, NotFoundError, type FieldIssue } from '../errors.js';
import { canonicalJson, isAbsent } from '../field-checks.js';
import type { CreateComponent, DeleteComponent, UpdateComponent } from './catalog-package.commands.js';
import type { CatalogEvent, ComponentFields } from './catalog-package.events.js';
import { componentBodyIssues, componentId, normalizeComponent } from './catalog-component.rules.js';
import { versionSetId } from './catalog-package.rules.js';
import { componentKey, type ComponentState, type LiveCatalogPackage } from './catalog-package.state.js';
import { requireVersionSet } from './catalog-version-set.decider.js';

export const createComponent = (command: CreateComponent, live: LiveCatalogPackage): CatalogEvent => {
  requireVersionSet(live, command.number);
  assertValid(componentBodyIssues(command.body));
  const { name } = command.body;
  const existing = live.components[componentKey(command.number, name)];
  if (existing) {
    const id = componentId(live.id, command.number, name);
    throw new ConflictError(`component ${id} already exists`, [{ path: 'name', message: `is taken by ${id}`, value: id }]);
  }
  if (command.body.primary) assertNoOtherPrimary(live, command.number);
  return { type: 'ComponentCreated', data: normalizeComponent(live.id, command.number, command.body) };
};

export const updateComponent = (command: UpdateComponent, live: LiveCatalogPackage): CatalogEvent | null => {
  const current = requireComponent(live, command.number, command.name);
  const { body } = command;
  assertValid(componentBodyIssues(body));
  const conflicts = pathConflicts(command, live);
  if (conflicts.length > 0) {
    throw new ConflictError(`cannot update component ${componentId(live.id, command.number, command.name)}`, conflicts);
  }
  const next = normalizeComponent(live.id, command.number, body);
  if (canonicalJson(next) === canonicalJson(fieldsOf(live.id, current))) return null;
  if (next.primary) assertNoOtherPrimary(live, command.number, command.name);
  return { type: 'ComponentUpdated', data: next };
};

export const deleteComponent = (command: DeleteComponent, live: LiveCatalogPackage): CatalogEvent => {
  requireComponent(live, command.number, command.name);
  return { type: 'ComponentDeleted', data: { package: live.id, versionset_number: command.number, name: command.name } };
};

/** A live component of a live VersionSet; either missing is not found (the VersionSet first). */
export const requireComponent = (live: LiveCatalogPackage, number: number, name: string): ComponentState => {
  requireVersionSet(live, number);
  const component = live.components[componentKey(number, name)];
  if (component === undefined) throw new NotFoundError('PackageComponent', componentId(live.id, number, name));
  return component;
};

/** The PUT body's `name`, `package` and `versionset_number` must name the component in the path. */
const pathConflicts = (command: UpdateComponent, live: LiveCatalogPackage): FieldIssue[] => {
  const { body } = command;
  const conflicts: FieldIssue[] = [];
  if (body.name !== command.name) {
    conflicts.push({ path: 'name', message: `must be ${command.name}, the component in the path`, value: body.name });
  }
  if (!isAbsent(body.package) && body.package !== live.id && !live.aliases.includes(body.package)) {
    conflicts.push({ path: 'package', message: `must be ${live.id} or one of its aliases`, value: body.package });
  }
  if (!isAbsent(body.versionset_number) && body.versionset_number !== command.number) {
    conflicts.push({
      path: 'versionset_number',
      message: `must be ${command.number}, the version set in the path`,
      value: body.versionset_number,
    });
  }
  return conflicts;
};

const assertNoOtherPrimary = (live: LiveCatalogPackage, number: number, except?: string): void => {
  const primary = Object.values(live.components).find(
    (component) => component.versionset_number === number && component.primary && component.name !== except,
  );
  if (primary === undefined) return;
  const id = componentId(live.id, number, primary.name);
  throw new ConflictError(`version set ${versionSetId(live.id, number)} already has a primary component: ${id}`, [
    { path: 'primary', message: `${id} is the primary component of this version set`, value: id },
  ]);
};

const fieldsOf = (packageId: string, component: ComponentState): ComponentFields => ({
  package: packageId,
  versionset_number: component.versionset_number,
  name: component.name,
  title: component.title,
  primary: component.primary,
  ...(component.description === undefined ? {} : { description: component.description }),
});
