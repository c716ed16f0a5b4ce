import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { caught } from '../test-support.js';
import type { ComponentBody, UpdateComponent } from './catalog-package.commands.js';
import { decide } from './catalog-package.decider.js';
import { evolve } from './catalog-package.state.js';
import {
  ACTOR,
  NOW,
  componentCreated,
  given,
  packageCreated,
  packageFields,
  recorded,
  versionSetCreated,
  versionSetDeleted,
} from './catalog-package.test-factories.js';

const body = (overrides: Partial<ComponentBody> = {}): ComponentBody => ({ name: 'webhook', title: 'Webhook', primary: false, ...overrides });
const create = (packageId: string, number: number, overrides: Partial<ComponentBody> = {}) =>
  ({ type: 'CreateComponent', packageId, number, body: body(overrides), actor: ACTOR, now: NOW }) as const;
const update = (packageId: string, number: number, name: string, put: UpdateComponent['body']): UpdateComponent =>
  ({ type: 'UpdateComponent', packageId, number, name, body: put, actor: ACTOR, now: NOW });
const remove = (packageId: string, number: number, name: string) =>
  ({ type: 'DeleteComponent', packageId, number, name, actor: ACTOR, now: NOW }) as const;

/** A package (aliases cert-manager, cm) with VersionSets 1 and 2 and a primary `controller` in 1. */
const setup = () => {
  const pkg = packageFields({ aliases: ['cert-manager', 'cm'] });
  const state = given(
    packageCreated(pkg),
    versionSetCreated(pkg.id, 1, '<1.0.0'),
    versionSetCreated(pkg.id, 2, '>=1.0.0'),
    componentCreated(pkg.id, 1, { name: 'controller', title: 'Controller', primary: true }),
  );
  return { pkg, state };
};

describe('catalog decider: CreateComponent', () => {
  test('given a version set, when a component is created, then ComponentCreated with the package id and number', () => {
    const { pkg, state } = setup();
    expect(decide(create('cm', 1, { description: 'Admission webhook' }), state)).toEqual({
      type: 'ComponentCreated',
      data: { package: pkg.id, versionset_number: 1, name: 'webhook', title: 'Webhook', primary: false, description: 'Admission webhook' },
    });
  });

  test('given a component, when its name is created again in the same version set, then ConflictError naming it', () => {
    const { pkg, state } = setup();
    const error = caught(() => decide(create(pkg.id, 1, { name: 'controller' }), state));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'name', value: `${pkg.id}:1:controller` })]);
  });

  test('given a component in version set 1, when its name is created in version set 2, then accepted', () => {
    const { pkg, state } = setup();
    expect(decide(create(pkg.id, 2, { name: 'controller', primary: true }), state)).toMatchObject({ type: 'ComponentCreated' });
  });

  test('given a primary component, when a second primary is created in the version set, then ConflictError naming the primary', () => {
    const { pkg, state } = setup();
    const error = caught(() => decide(create(pkg.id, 1, { primary: true }), state));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'primary', value: `${pkg.id}:1:controller` })]);
  });

  test('given a package, when a component has invalid values, then ValidationError listing each', () => {
    const { pkg, state } = setup();
    const error = caught(() => decide(create(pkg.id, 1, { name: 'two words', title: '' }), state));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['name', 'title']);
  });

  test.each([3, 0])('given version sets 1 and 2, when a component is created in %i, then NotFoundError for the version set', (number) => {
    const { pkg, state } = setup();
    expect(caught(() => decide(create(pkg.id, number), state))).toEqual(new NotFoundError('VersionSet', `${pkg.id}:${number}`));
  });

  test('given a deleted package, when a component is created, then NotFoundError', () => {
    const { pkg, state } = setup();
    const deleted = evolve(state, recorded([{ type: 'PackageDeleted', data: { id: pkg.id } }], { version: 9 })[0]!);
    expect(caught(() => decide(create(pkg.id, 1), deleted))).toBeInstanceOf(NotFoundError);
  });
});

describe('catalog decider: UpdateComponent', () => {
  const getBody = (pkg: string) => ({ name: 'controller', title: 'Controller', primary: true, package: pkg, versionset_number: 1 });

  test('given a component, when PUT sends its GET body unchanged (package by alias), then no event', () => {
    const { pkg, state } = setup();
    expect(decide(update(pkg.id, 1, 'controller', getBody(pkg.id)), state)).toBeNull();
    expect(decide(update(pkg.id, 1, 'controller', getBody('cert-manager')), state)).toBeNull();
  });

  test('given a component, when PUT changes title and adds a description, then ComponentUpdated with every field', () => {
    const { pkg, state } = setup();
    expect(decide(update(pkg.id, 1, 'controller', { ...getBody(pkg.id), title: 'Ctl', description: 'd' }), state)).toEqual({
      type: 'ComponentUpdated',
      data: { package: pkg.id, versionset_number: 1, name: 'controller', title: 'Ctl', primary: true, description: 'd' },
    });
  });

  test('given a primary component, when another one is made primary, then ConflictError naming the primary', () => {
    const { pkg, state: start } = setup();
    const state = evolve(start, recorded([componentCreated(pkg.id, 1, { name: 'webhook' })], { version: 5 })[0]!);
    const error = caught(() => decide(update(pkg.id, 1, 'webhook', { name: 'webhook', title: 'W', primary: true }), state));
    expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'primary', value: `${pkg.id}:1:controller` })]);
  });

  test('given the primary component, when PUT keeps it primary and changes its title, then its own primacy does not clash', () => {
    const { pkg, state } = setup();
    expect(decide(update(pkg.id, 1, 'controller', { ...getBody(pkg.id), title: 'New' }), state)).toMatchObject({ type: 'ComponentUpdated' });
  });

  test('given a component, when PUT names another name, package and version set, then ConflictError on all three', () => {
    const { pkg, state } = setup();
    const put = { ...getBody('other-package'), name: 'renamed', versionset_number: 2 };
    const error = caught(() => decide(update(pkg.id, 1, 'controller', put), state));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues.map((issue) => issue.path)).toEqual(['name', 'package', 'versionset_number']);
  });

  test('given a component, when PUT has an invalid title, then ValidationError', () => {
    const { pkg, state } = setup();
    expect(caught(() => decide(update(pkg.id, 1, 'controller', { ...getBody(pkg.id), title: 't'.repeat(201) }), state))).toBeInstanceOf(ValidationError);
  });

  test('given no such component, when PUT, then NotFoundError with its composite id', () => {
    const { pkg, state } = setup();
    expect(caught(() => decide(update(pkg.id, 2, 'controller', getBody(pkg.id)), state))).toEqual(
      new NotFoundError('PackageComponent', `${pkg.id}:2:controller`),
    );
  });
});

describe('catalog decider: DeleteComponent', () => {
  test('given a component, when deleted, then ComponentDeleted; then its name and primacy are free again', () => {
    const { pkg, state } = setup();
    const event = decide(remove('cm', 1, 'controller'), state);
    expect(event).toEqual({ type: 'ComponentDeleted', data: { package: pkg.id, versionset_number: 1, name: 'controller' } });
    const after = evolve(state, { ...event!, meta: { version: 9, time: NOW, actor: ACTOR } });
    expect(decide(create(pkg.id, 1, { name: 'controller', primary: true }), after)).toMatchObject({ type: 'ComponentCreated' });
  });

  test('given a component, when another version set holds no such name, then NotFoundError', () => {
    const { pkg, state } = setup();
    expect(caught(() => decide(remove(pkg.id, 2, 'controller'), state))).toBeInstanceOf(NotFoundError);
  });

  test('given a deleted version set, when one of its components is deleted, then NotFoundError', () => {
    const { pkg } = setup();
    const state = given(packageCreated(pkg), versionSetCreated(pkg.id, 1, '<1.0.0'), componentCreated(pkg.id, 1), versionSetDeleted(pkg.id, 1));
    expect(caught(() => decide(remove(pkg.id, 1, 'controller'), state))).toEqual(new NotFoundError('VersionSet', `${pkg.id}:1`));
  });
});
