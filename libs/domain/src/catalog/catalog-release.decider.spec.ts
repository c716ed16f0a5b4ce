import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { caught } from '../test-support.js';
import type { ReleaseBody, UpdateRelease } from './catalog-package.commands.js';
import { decide } from './catalog-package.decider.js';
import { evolve } from './catalog-package.state.js';
import { ACTOR, NOW, given, packageCreated, packageFields, recorded, releaseCreated } from './catalog-package.test-factories.js';

const create = (packageId: string, body: ReleaseBody) => ({ type: 'CreateRelease', packageId, body, actor: ACTOR, now: NOW }) as const;
const update = (packageId: string, version: string, body: UpdateRelease['body']): UpdateRelease =>
  ({ type: 'UpdateRelease', packageId, version, body, actor: ACTOR, now: NOW });
const remove = (packageId: string, version: string) => ({ type: 'DeleteRelease', packageId, version, actor: ACTOR, now: NOW }) as const;

const CHANGES = [{ kind: 'fixed' as const, description: 'Leader election restarts' }];

/** A package (alias prom) with release v1.2.0. */
const setup = () => {
  const pkg = packageFields({ aliases: ['prom'] });
  const state = given(packageCreated(pkg), releaseCreated(pkg.id, 'v1.2.0', { released_on: '2025-01-01T00:00:00Z', changes: CHANGES }));
  return { pkg, state };
};

describe('catalog decider: CreateRelease', () => {
  test('given a package, when a release is created, then ReleaseCreated keeping the version as written', () => {
    const { pkg, state } = setup();
    expect(decide(create('prom', { version: 'v2.0.0-rc.1', released_on: '2025-03-01T12:00:00Z' }), state)).toEqual({
      type: 'ReleaseCreated',
      data: { package: pkg.id, version: 'v2.0.0-rc.1', released_on: '2025-03-01T12:00:00Z', changes: [] },
    });
  });

  test.each(['1.2.0', 'v1.2.0', '1.2.0+build.9'])(
    'given release v1.2.0, when %s is created, then ConflictError naming the existing release (same precedence)',
    (version) => {
      const { pkg, state } = setup();
      const error = caught(() => decide(create(pkg.id, { version }), state));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'version', value: `${pkg.id}@v1.2.0` })]);
    },
  );

  test('given release v1.2.0, when its prerelease 1.2.0-rc.1 is created, then accepted', () => {
    const { pkg, state } = setup();
    expect(decide(create(pkg.id, { version: '1.2.0-rc.1' }), state)).toMatchObject({ type: 'ReleaseCreated' });
  });

  test('given a package, when a release has invalid values, then ValidationError listing each', () => {
    const { pkg, state } = setup();
    const error = caught(() => decide(create(pkg.id, { version: '1.2', released_on: 'today', changes: [{ kind: 'broke' as never, description: '' }] }), state));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'version', 'released_on', 'changes[0].kind', 'changes[0].description',
    ]);
  });

  test('given a deleted package, when a release is created, then NotFoundError', () => {
    const { pkg, state } = setup();
    const deleted = evolve(state, recorded([{ type: 'PackageDeleted', data: { id: pkg.id } }], { version: 9 })[0]!);
    expect(caught(() => decide(create(pkg.id, { version: '3.0.0' }), deleted))).toBeInstanceOf(NotFoundError);
  });
});

describe('catalog decider: UpdateRelease', () => {
  const getBody = (pkg: string) => ({
    id: `${pkg}@v1.2.0`, package: pkg, version: 'v1.2.0', released_on: '2025-01-01T00:00:00Z', changes: CHANGES,
  });

  test('given a release, when PUT sends its GET body unchanged (by id or alias, path by either form), then no event', () => {
    const { pkg, state } = setup();
    expect(decide(update(pkg.id, 'v1.2.0', getBody(pkg.id)), state)).toBeNull();
    expect(decide(update(pkg.id, '1.2.0', getBody('prom')), state)).toBeNull();
  });

  test('given a release, when PUT drops released_on and changes, then ReleaseUpdated with every field', () => {
    const { pkg, state } = setup();
    expect(decide(update(pkg.id, 'v1.2.0', { version: 'v1.2.0' }), state)).toEqual({
      type: 'ReleaseUpdated', data: { package: pkg.id, version: 'v1.2.0', changes: [] },
    });
  });

  test('given release v1.2.0, when PUT writes 1.2.0, another package and another id, then ConflictError on each', () => {
    const { pkg, state } = setup();
    const put = { ...getBody(pkg.id), version: '1.2.0', package: 'other', id: 'other@v1.2.0' };
    const error = caught(() => decide(update(pkg.id, 'v1.2.0', put), state));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues.map((issue) => issue.path)).toEqual(['version', 'package', 'id']);
  });

  test('given a release, when PUT has too many changes, then ValidationError', () => {
    const { pkg, state } = setup();
    const put = { ...getBody(pkg.id), changes: Array(501).fill(CHANGES[0]) };
    expect(caught(() => decide(update(pkg.id, 'v1.2.0', put), state))).toBeInstanceOf(ValidationError);
  });

  test.each(['1.3.0', 'not-a-version'])('given release v1.2.0, when PUT to %s, then NotFoundError', (version) => {
    const { pkg, state } = setup();
    expect(caught(() => decide(update(pkg.id, version, { version }), state))).toEqual(new NotFoundError('PackageRelease', `${pkg.id}@${version}`));
  });
});

describe('catalog decider: DeleteRelease', () => {
  test('given release v1.2.0, when 1.2.0 is deleted, then ReleaseDeleted with the version as written; then 1.2.0 may be created', () => {
    const { pkg, state } = setup();
    const event = decide(remove(pkg.id, '1.2.0'), state);
    expect(event).toEqual({ type: 'ReleaseDeleted', data: { package: pkg.id, version: 'v1.2.0' } });
    const after = evolve(state, { ...event!, meta: { version: 9, time: NOW, actor: ACTOR } });
    expect(decide(create(pkg.id, { version: '1.2.0' }), after)).toMatchObject({ type: 'ReleaseCreated' });
  });

  test('given no such release, when deleted, then NotFoundError', () => {
    const { pkg, state } = setup();
    expect(caught(() => decide(remove(pkg.id, '9.9.9'), state))).toBeInstanceOf(NotFoundError);
  });

  test.each(['valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty', ' v1.2.0', 'v1.2.0 ', '=1.2.0'])(
    'given release v1.2.0, when "%s" (inherited by every object, or not a release version) is deleted or PUT, then NotFoundError',
    (version) => {
      const { pkg, state } = setup();
      expect(caught(() => decide(remove(pkg.id, version), state))).toEqual(new NotFoundError('PackageRelease', `${pkg.id}@${version}`));
      expect(caught(() => decide(update(pkg.id, version, { version }), state))).toEqual(new NotFoundError('PackageRelease', `${pkg.id}@${version}`));
    },
  );
});
