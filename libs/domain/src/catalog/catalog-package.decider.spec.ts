import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { caught } from '../test-support.js';
import { decide } from './catalog-package.decider.js';
import {
  ACTOR,
  createPackage,
  given,
  newPackageId,
  packageBody,
  packageCreated,
  packageFields,
  updatePackage,
} from './catalog-package.test-factories.js';

describe('catalog decider: CreatePackage', () => {
  test('given no package, when created, then PackageCreated with defaults for omitted fields', () => {
    const command = createPackage({ body: packageBody({ aliases: ['argo'] }) });
    expect(decide(command, given())).toEqual({
      type: 'PackageCreated',
      data: {
        id: command.id,
        title: 'Argo Workflows',
        system: 'helm',
        aliases: ['argo'],
        description: null,
        versioning: { scheme: 'unknown', release_cycle: 'none', support_model: 'none' },
      },
    });
  });

  test('given no package, when created with every field, then they are stored', () => {
    const body = packageBody({
      description: 'engine',
      versioning: { scheme: 'calver', release_cycle: 'adhoc', support_model: 'rolling', release_interval_days: 7 },
    });
    const event = decide(createPackage({ body }), given());
    expect(event?.type === 'PackageCreated' && event.data).toMatchObject({
      description: 'engine',
      versioning: { scheme: 'calver', release_cycle: 'adhoc', support_model: 'rolling', release_interval_days: 7 },
    });
  });

  test('given no package, when created with invalid values, then ValidationError listing each', () => {
    const error = caught(() => decide(createPackage({ body: packageBody({ title: '', aliases: ['A', 'a', 'a'] }) }), given()));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['title', 'aliases[0]', 'aliases[2]']);
  });

  test('given a package with that id, when created again, then ConflictError', () => {
    const existing = packageFields();
    expect(caught(() => decide(createPackage({ id: existing.id }), given(packageCreated(existing))))).toBeInstanceOf(
      ConflictError,
    );
  });
});

describe('catalog decider: UpdatePackage (PUT is a full replacement)', () => {
  test('given a package, when PUT omits optional fields, then aliases, versioning and description reset', () => {
    const pkg = packageFields();
    expect(decide(updatePackage(pkg.id, { title: pkg.title, system: pkg.system }), given(packageCreated(pkg)))).toEqual({
      type: 'PackageUpdated',
      data: {
        id: pkg.id,
        title: pkg.title,
        system: 'helm',
        aliases: [],
        description: null,
        versioning: { scheme: 'unknown', release_cycle: 'none', support_model: 'none' },
      },
    });
  });

  test('given a package without a description, when PUT repeats it, then nothing is appended', () => {
    const pkg = packageFields({ description: null });
    const body = { title: pkg.title, system: pkg.system, aliases: pkg.aliases, versioning: pkg.versioning };
    expect(decide(updatePackage(pkg.id, body), given(packageCreated(pkg)))).toBeNull();
  });

  test('given a package, when PUT changes the title, then PackageUpdated carries every field', () => {
    const pkg = packageFields();
    const { id: _id, ...body } = pkg;
    expect(decide(updatePackage(pkg.id, { ...body, title: 'Argo' }), given(packageCreated(pkg)))).toEqual({
      type: 'PackageUpdated',
      data: { ...pkg, title: 'Argo' },
    });
  });

  test('given a package, when PUT sends the GET body unchanged (id included), then no event', () => {
    const pkg = packageFields();
    expect(decide(updatePackage(pkg.id, { ...pkg }), given(packageCreated(pkg)))).toBeNull();
  });

  test('given a package, when PUT body id differs from the path, then ConflictError on id', () => {
    const pkg = packageFields();
    const error = caught(() => decide(updatePackage(pkg.id, { ...pkg, id: newPackageId() }), given(packageCreated(pkg))));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'id' })]);
  });

  test('given a helm package, when PUT changes system, then ConflictError on system (immutable)', () => {
    const pkg = packageFields({ system: 'helm' });
    const error = caught(() => decide(updatePackage(pkg.id, { ...pkg, system: 'kustomize' }), given(packageCreated(pkg))));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'system', value: 'kustomize' })]);
  });

  test('given a package, when PUT has invalid values, then ValidationError', () => {
    const pkg = packageFields();
    const error = caught(() => decide(updatePackage(pkg.id, { ...pkg, description: 'd'.repeat(10_001) }), given(packageCreated(pkg))));
    expect(error).toBeInstanceOf(ValidationError);
  });

  test('given no package, when PUT, then NotFoundError', () => {
    const id = newPackageId();
    expect(caught(() => decide(updatePackage(id, packageBody()), given()))).toEqual(new NotFoundError('Package', id));
  });

  test('given a deleted package, when PUT, then NotFoundError', () => {
    const pkg = packageFields();
    const state = given(packageCreated(pkg), { type: 'PackageDeleted', data: { id: pkg.id } });
    expect(caught(() => decide(updatePackage(pkg.id, { ...pkg }), state))).toBeInstanceOf(NotFoundError);
  });
});

describe('catalog decider: DeletePackage', () => {
  test('given a package, when deleted, then PackageDeleted', () => {
    const pkg = packageFields();
    const command = { type: 'DeletePackage', id: pkg.id, actor: ACTOR, now: '2025-01-01T00:00:00.000Z' } as const;
    expect(decide(command, given(packageCreated(pkg)))).toEqual({ type: 'PackageDeleted', data: { id: pkg.id } });
  });

  test.each([
    ['missing', []],
    ['deleted', ['deleted']],
  ])('given a %s package, when deleted, then NotFoundError', (_name, history) => {
    const pkg = packageFields();
    const state = history.length === 0 ? given() : given(packageCreated(pkg), { type: 'PackageDeleted', data: { id: pkg.id } });
    const command = { type: 'DeletePackage', id: pkg.id, actor: ACTOR, now: '2025-01-01T00:00:00.000Z' } as const;
    expect(caught(() => decide(command, state))).toBeInstanceOf(NotFoundError);
  });
});
