import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { SYSTEM_ACTOR } from '../event-meta.js';
import { caught } from '../test-support.js';
import type { RecordVerification, VerificationResult } from './account-package.commands.js';
import { decide } from './account-package.decider.js';
import { evolve } from './account-package.state.js';
import { ACTOR, NOW, createCommand, created, given, image, spec, stateChanged } from './account-package.test-factories.js';

const record = (id: string, result: VerificationResult): RecordVerification => ({
  type: 'RecordVerification', id, accountId: randomUUID(), result, actor: SYSTEM_ACTOR, now: NOW,
});
const available: VerificationResult = { to: 'available', packageStateDetails: [] };

describe('account decider: CreateAccountPackage', () => {
  test('given no package, when created, then PackageCreated in state verifying with server metadata', () => {
    const command = createCommand();
    expect(decide(command, given())).toEqual({
      type: 'PackageCreated',
      data: {
        ...spec(),
        id: command.id,
        packageState: 'verifying',
        packageStateDetails: [],
        metadata: { labels: [{ name: 'team', value: 'storage' }], creationTimestamp: NOW, modificationTimestamp: NOW, createdBy: ACTOR },
      },
    });
  });

  test('given no package, when created with bad values and labels, then ValidationError listing all', () => {
    const command = createCommand({
      spec: spec({ packageVersion: 'banana', images: [image({ imagePath: 'relative' })] }),
      labels: [{ name: '', value: 'x' }],
    });
    const error = caught(() => decide(command, given()));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['packageVersion', 'images[0].imagePath', 'metadata.labels[0].name']);
  });

  test('given a package with that id, when created again, then ConflictError', () => {
    const existing = created();
    const id = existing.type === 'PackageCreated' ? existing.data.id : '';
    expect(caught(() => decide(createCommand({ id }), given(existing)))).toBeInstanceOf(ConflictError);
  });
});

describe('account decider: DeleteAccountPackage', () => {
  test('given a package, when deleted, then PackageDeleted', () => {
    const event = created();
    const id = event.type === 'PackageCreated' ? event.data.id : '';
    const command = { type: 'DeleteAccountPackage', id, accountId: randomUUID(), actor: ACTOR, now: NOW } as const;
    expect(decide(command, given(event))).toEqual({ type: 'PackageDeleted', data: { id } });
  });

  test.each([['missing'], ['deleted']])('given a %s package, when deleted, then NotFoundError', (kind) => {
    const event = created();
    const id = event.type === 'PackageCreated' ? event.data.id : '';
    const state = kind === 'missing' ? given() : given(event, { type: 'PackageDeleted', data: { id } });
    const command = { type: 'DeleteAccountPackage', id, accountId: randomUUID(), actor: ACTOR, now: NOW } as const;
    expect(caught(() => decide(command, state))).toEqual(new NotFoundError('Package', id));
  });
});

describe('account decider: RecordVerification', () => {
  test.each(['available', 'corrupt', 'incomplete'] as const)('given a verifying package, when verified %s, then an event from verifying keeping labels', (to) => {
    const details = to === 'available' ? [] : [{ type: 't', title: 'why', detail: 'because' }];
    expect(decide(record('p', { to, packageStateDetails: details }), given(created()))).toEqual({
      type: 'PackageStateChanged',
      data: { from: 'verifying', to, packageStateDetails: details, labels: [{ name: 'team', value: 'storage' }] },
    });
  });

  test('given an operator already moved the package, when the verification arrives, then no event', () => {
    expect(decide(record('p', available), given(created(), stateChanged('verifying', 'corrupt')))).toBeNull();
  });

  test('given the verification was recorded, when it is redelivered, then no event (idempotent)', () => {
    expect(decide(record('p', available), given(created(), stateChanged('verifying', 'available')))).toBeNull();
  });

  test('given a deleted package, when the verification arrives, then no event', () => {
    expect(decide(record('p', available), given(created(), { type: 'PackageDeleted', data: { id: 'p' } }))).toBeNull();
  });

  test('given no package, when the verification arrives, then NotFoundError', () => {
    expect(caught(() => decide(record('p', available), given()))).toBeInstanceOf(NotFoundError);
  });
});

describe('account evolve', () => {
  test('PackageStateChanged sets state, details, labels and modification metadata from meta', () => {
    const createdState = given(created());
    const changed = {
      type: 'PackageStateChanged',
      data: { from: 'verifying', to: 'corrupt', packageStateDetails: [{ type: 't', title: 'x', detail: 'y' }], labels: [] },
      meta: { version: 9, time: '2025-04-01T00:00:00.000Z', actor: SYSTEM_ACTOR },
    } as const;
    const state = evolve(createdState, { ...changed, data: { ...changed.data, packageStateDetails: [...changed.data.packageStateDetails], labels: [] } });
    expect(state).toMatchObject({
      status: 'live',
      version: 9,
      resource: {
        packageState: 'corrupt',
        packageStateDetails: [{ type: 't', title: 'x', detail: 'y' }],
        metadata: { labels: [], creationTimestamp: NOW, createdBy: ACTOR, modificationTimestamp: '2025-04-01T00:00:00.000Z', modifiedBy: SYSTEM_ACTOR },
      },
    });
  });

  test('PackageDeleted leaves a deleted state with the id and version', () => {
    const event = created();
    const id = event.type === 'PackageCreated' ? event.data.id : '';
    expect(given(event, { type: 'PackageDeleted', data: { id } })).toEqual({ status: 'deleted', id, version: 2 });
  });

  test('events that cannot apply leave the state unchanged', () => {
    expect(given(stateChanged('verifying', 'available'))).toEqual({ status: 'none' });
  });
});
