import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { AccountPackagePutBody } from './account-package.commands.js';
import type { PackageState } from './account-package.events.js';
import { decide } from './account-package.decider.js';
import { PACKAGE_STATE_TRANSITIONS } from './account-package.transitions.js';
import { caught } from '../test-support.js';
import { created, current, given, image, putBody, stateChanged, updateCommand } from './account-package.test-factories.js';

/** A package that reached `state` the way real ones do: created verifying, then moved once. */
const inState = (state: PackageState) => (state === 'verifying' ? given(created()) : given(created(), stateChanged('verifying', state)));

const put = (from: PackageState, overrides: (body: AccountPackagePutBody) => Partial<AccountPackagePutBody>) => {
  const state = inState(from);
  const resource = current(state);
  const body = putBody(resource);
  return () => decide(updateCommand(resource.id, { ...body, ...overrides(body) }), state);
};

const ALLOWED: [PackageState, PackageState][] = [
  ['verifying', 'corrupt'], ['verifying', 'incomplete'], ['verifying', 'available'],
  ['corrupt', 'incomplete'], ['corrupt', 'available'],
  ['incomplete', 'corrupt'], ['incomplete', 'available'],
  ['available', 'corrupt'],
];
const FORBIDDEN: [PackageState, PackageState][] = [
  ['corrupt', 'verifying'], ['incomplete', 'verifying'], ['available', 'verifying'], ['available', 'incomplete'],
];
const UNCHANGED: PackageState[] = ['verifying', 'corrupt', 'incomplete', 'available'];

describe('account PUT: packageState transitions', () => {
  test('PACKAGE_STATE_TRANSITIONS is the seed table', () => {
    expect(PACKAGE_STATE_TRANSITIONS).toEqual([
      { from: 'verifying', to: ['corrupt', 'incomplete', 'available'] },
      { from: 'corrupt', to: ['incomplete', 'available'] },
      { from: 'incomplete', to: ['corrupt', 'available'] },
      { from: 'available', to: ['corrupt', 'available'] },
    ]);
  });

  test.each(ALLOWED)('allowed: given %s, when PUT packageState %s, then PackageStateChanged', (from, to) => {
    expect(put(from, () => ({ packageState: to }))()).toEqual({
      type: 'PackageStateChanged',
      data: { from, to, packageStateDetails: [], labels: [{ name: 'team', value: 'storage' }] },
    });
  });

  test.each(FORBIDDEN)('forbidden: given %s, when PUT packageState %s, then ConflictError naming packageState', (from, to) => {
    const error = caught(put(from, () => ({ packageState: to })));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'packageState', value: to })]);
  });

  test.each(UNCHANGED)('unchanged: given %s, when PUT keeps the state and nothing else changes, then no event', (state) => {
    expect(put(state, () => ({}))()).toBeNull();
  });

  test.each(UNCHANGED)('unchanged: given %s, when PUT keeps the state but changes labels, then an event keeping the state', (state) => {
    expect(put(state, () => ({ metadata: { labels: [{ name: 'tier', value: 'gold' }] } }))()).toEqual({
      type: 'PackageStateChanged',
      data: { from: state, to: state, packageStateDetails: [], labels: [{ name: 'tier', value: 'gold' }] },
    });
  });
});

describe('account PUT: fields', () => {
  test('changing packageStateDetails alone is a change', () => {
    const details = [{ type: 'note', title: 'Checked by hand', detail: 'ok' }];
    expect(put('available', () => ({ packageStateDetails: details }))()).toMatchObject({ data: { packageStateDetails: details } });
  });

  test('omitted metadata resets labels to none', () => {
    expect(put('available', () => ({ metadata: undefined }))()).toMatchObject({ data: { labels: [] } });
  });

  test('server-owned metadata and packageStateTransitions are ignored', () => {
    const ignored = put('available', (body) => ({
      packageStateTransitions: 'anything',
      metadata: { ...body.metadata, createdBy: 'someone-else', creationTimestamp: '1999-01-01T00:00:00.000Z' },
    }));
    expect(ignored()).toBeNull();
  });

  test('absent, null and [] optional arrays read as the same value', () => {
    expect(put('available', () => ({ bundleName: [], artifacts: null as never, upgradableVersions: {} }))()).toBeNull();
  });

  test.each([
    ['packageName', { packageName: 'other' }],
    ['packageVersion', { packageVersion: '22.9.1' }],
    ['packageType', { packageType: 'install' }],
    ['severityLevel', { severityLevel: 'critical' }],
    ['images', { images: [image()] }],
    ['files', { files: [] }],
    ['bundleName', { bundleName: ['b'] }],
    ['dependencies', { dependencies: [] }],
  ] as [string, Partial<AccountPackagePutBody>][])('changing %s is a ConflictError naming it', (path, overrides) => {
    const error = caught(put('available', () => overrides));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues.map((i) => i.path)).toEqual([path]);
  });

  test('every conflict is reported at once: id, a read-only field and the transition', () => {
    const error = caught(put('available', () => ({ id: '00000000-0000-4000-8000-000000000000', packageName: 'x', packageState: 'verifying' })));
    expect((error as ConflictError).issues.map((i) => i.path)).toEqual(['id', 'packageName', 'packageState']);
  });

  test('bad details or labels are a ValidationError', () => {
    const error = caught(put('available', () => ({ packageStateDetails: [{ type: 't', title: 'x'.repeat(41), detail: '' }] })));
    expect(error).toBeInstanceOf(ValidationError);
  });

  test('an unknown packageState is a ValidationError', () => {
    expect(caught(put('available', () => ({ packageState: 'gone' as PackageState })))).toBeInstanceOf(ValidationError);
  });

  test.each([['missing'], ['deleted']])('given a %s package, when PUT, then NotFoundError', (kind) => {
    const event = created();
    const resource = current(given(event));
    const state = kind === 'missing' ? given() : given(event, { type: 'PackageDeleted', data: { id: resource.id } });
    expect(caught(() => decide(updateCommand(resource.id, putBody(resource)), state))).toEqual(new NotFoundError('Package', resource.id));
  });
});
