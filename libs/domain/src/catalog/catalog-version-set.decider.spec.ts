import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { caught } from '../test-support.js';
import { decide } from './catalog-package.decider.js';
import {
  ACTOR,
  NOW,
  createVersionSet,
  given,
  packageCreated,
  packageFields,
  run,
  updateVersionSet,
  versionSetCreated,
  versionSetDeleted,
} from './catalog-package.test-factories.js';

const setup = (...ranges: string[]) => {
  const pkg = packageFields({ aliases: ['argo-workflows', 'argo'] });
  const state = given(packageCreated(pkg), ...ranges.map((range, i) => versionSetCreated(pkg.id, i + 1, range)));
  return { pkg, state };
};

describe('catalog decider: CreateVersionSet', () => {
  test('given a package without version sets, when one is created, then it is number 1, range verbatim', () => {
    const { pkg, state } = setup();
    expect(decide(createVersionSet(pkg.id, '>=1.0 <2'), state)).toEqual({
      type: 'VersionSetCreated',
      data: { package: pkg.id, number: 1, version_constraint: '>=1.0 <2' },
    });
  });

  test('given version sets 1 and 2, when one is created, then it is number 3', () => {
    const { pkg, state } = setup('<1.0.0', '>=1.0.0 <2.0.0');
    expect(decide(createVersionSet(pkg.id, '>=2.0.0'), state)).toMatchObject({ data: { number: 3 } });
  });

  test('given the highest version set was deleted, when one is created, then its number is not reused', () => {
    const { pkg } = setup();
    const state = given(packageCreated(pkg), versionSetCreated(pkg.id, 1, '<1.0.0'),
      versionSetCreated(pkg.id, 2, '>=1.0.0 <2.0.0'), versionSetDeleted(pkg.id, 2));
    expect(decide(createVersionSet(pkg.id, '>=1.0.0'), state)).toMatchObject({ data: { number: 3 } });
  });

  test('given every version set was deleted, when created twice, then numbers keep counting up', () => {
    const { pkg, state: start } = setup('<1.0.0');
    let state = run(start, { type: 'DeleteVersionSet', packageId: pkg.id, number: 1, actor: ACTOR, now: NOW }, 3);
    state = run(state, createVersionSet(pkg.id, '<1.0.0'), 4);
    expect(decide(createVersionSet(pkg.id, '>=1.0.0'), state)).toMatchObject({ data: { number: 3 } });
  });

  test('given three live ranges, when a range overlapping two is created, then ConflictError lists both ids', () => {
    const { pkg, state } = setup('<1.0.0', '>=1.0.0 <2.0.0', '>=2.0.0 <3.0.0', '>=5.0.0');
    const error = caught(() => decide(createVersionSet(pkg.id, '>=0.5.0 <1.5.0'), state));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues.map((issue) => issue.value)).toEqual([`${pkg.id}:1`, `${pkg.id}:2`]);
    expect((error as ConflictError).detail).toContain(`${pkg.id}:1, ${pkg.id}:2`);
  });

  test('given a range, when an adjacent one is created, then no overlap', () => {
    const { pkg, state } = setup('>=1.0 <2');
    expect(decide(createVersionSet(pkg.id, '>=2.0.0'), state)).toMatchObject({ data: { number: 2 } });
  });

  test('given ">=1.0.0", when the prerelease "1.2.3-alpha" is created, then it overlaps (prereleases count)', () => {
    const { pkg, state } = setup('>=1.0.0');
    expect(caught(() => decide(createVersionSet(pkg.id, '1.2.3-alpha'), state))).toBeInstanceOf(ConflictError);
  });

  test('given a deleted version set, when its range is created again, then no overlap with it', () => {
    const { pkg } = setup();
    const state = given(packageCreated(pkg), versionSetCreated(pkg.id, 1, '>=1.0.0'), versionSetDeleted(pkg.id, 1));
    expect(decide(createVersionSet(pkg.id, '>=1.0.0'), state)).toMatchObject({ data: { number: 2 } });
  });

  test.each(['', '>=1.0, <2', 'banana'])('given a package, when the range %j is created, then ValidationError', (range) => {
    const { pkg, state } = setup();
    expect(caught(() => decide(createVersionSet(pkg.id, range), state))).toBeInstanceOf(ValidationError);
  });

  test('given a deleted package, when a version set is created, then NotFoundError', () => {
    const { pkg } = setup();
    const state = given(packageCreated(pkg), { type: 'PackageDeleted', data: { id: pkg.id } });
    expect(caught(() => decide(createVersionSet(pkg.id, '>=1.0.0'), state))).toBeInstanceOf(NotFoundError);
  });
});

describe('catalog decider: UpdateVersionSet', () => {
  test('given a version set, when its range changes, then VersionSetUpdated', () => {
    const { pkg, state } = setup('>=1.0.0 <2.0.0');
    expect(decide(updateVersionSet(pkg.id, 1, { version_constraint: '>=1.0.0 <2.5.0' }), state)).toEqual({
      type: 'VersionSetUpdated',
      data: { package: pkg.id, number: 1, version_constraint: '>=1.0.0 <2.5.0' },
    });
  });

  test('given a version set, when the PUT repeats its range, then no event', () => {
    const { pkg, state } = setup('>=1.0.0 <2.0.0');
    expect(decide(updateVersionSet(pkg.id, 1, { version_constraint: '>=1.0.0 <2.0.0', package: pkg.id, number: 1 }), state)).toBeNull();
  });

  test('given one version set, when it widens over its own old range, then its own range does not clash', () => {
    const { pkg, state } = setup('>=1.0.0 <2.0.0');
    expect(decide(updateVersionSet(pkg.id, 1, { version_constraint: '>=0.1.0' }), state)).not.toBeNull();
  });

  test('given three version sets, when #2 is widened over #1 and #3, then ConflictError lists both, not #2', () => {
    const { pkg, state } = setup('<1.0.0', '>=1.0.0 <2.0.0', '>=2.0.0');
    const error = caught(() => decide(updateVersionSet(pkg.id, 2, { version_constraint: '*' }), state));
    expect((error as ConflictError).issues.map((issue) => issue.value)).toEqual([`${pkg.id}:1`, `${pkg.id}:3`]);
  });

  test.each(['argo', 'argo-workflows', 'self'])('given a package, when the body names it as %s, then accepted', (ref) => {
    const { pkg, state } = setup('>=1.0.0');
    const body = { version_constraint: '>=1.1.0', package: ref === 'self' ? pkg.id : ref, number: 1 };
    expect(decide(updateVersionSet(pkg.id, 1, body), state)).toMatchObject({ type: 'VersionSetUpdated' });
  });

  test('given a package, when the body names another package and number, then ConflictError on both', () => {
    const { pkg, state } = setup('>=1.0.0');
    const body = { version_constraint: '>=1.1.0', package: 'other-package', number: 2 };
    const error = caught(() => decide(updateVersionSet(pkg.id, 1, body), state));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues.map((issue) => issue.path)).toEqual(['package', 'number']);
  });

  test('given a version set, when PUT has an invalid range, then ValidationError', () => {
    const { pkg, state } = setup('>=1.0.0');
    expect(caught(() => decide(updateVersionSet(pkg.id, 1, { version_constraint: ' ' }), state))).toBeInstanceOf(ValidationError);
  });

  test('given a deleted version set, when PUT, then NotFoundError with its id', () => {
    const { pkg } = setup();
    const state = given(packageCreated(pkg), versionSetCreated(pkg.id, 1, '>=1.0.0'), versionSetDeleted(pkg.id, 1));
    expect(caught(() => decide(updateVersionSet(pkg.id, 1, { version_constraint: '>=2.0.0' }), state))).toEqual(
      new NotFoundError('VersionSet', `${pkg.id}:1`),
    );
  });
});

describe('catalog decider: DeleteVersionSet', () => {
  test('given a version set, when deleted, then VersionSetDeleted', () => {
    const { pkg, state } = setup('>=1.0.0');
    expect(decide({ type: 'DeleteVersionSet', packageId: pkg.id, number: 1, actor: ACTOR, now: NOW }, state)).toEqual(
      versionSetDeleted(pkg.id, 1),
    );
  });

  test.each([2, 0])('given version set 1 only, when %i is deleted, then NotFoundError', (number) => {
    const { pkg, state } = setup('>=1.0.0');
    const command = { type: 'DeleteVersionSet', packageId: pkg.id, number, actor: ACTOR, now: NOW } as const;
    expect(caught(() => decide(command, state))).toBeInstanceOf(NotFoundError);
  });
});
