import { randomUUID } from 'node:crypto';
import type { AccountPackageEvent } from '../../../../libs/domain/src/accounts/account-package.events.js';
import type { AccountUniquenessKey } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import { resource as liveResource } from '../../../../libs/domain/src/accounts/account-package.test-factories.js';
import { ConflictError } from '../../../../libs/domain/src/errors.js';
import type { ReserveResult, UniquenessStore } from '../uniqueness/uniqueness.store.js';
import { createTupleClaims } from './tuple-claims.js';

/** A fake of our own port: one owner per tuple, revisions counted, calls recorded. */
function fakeStore(taken: Map<string, { owner: string; revision: number }> = new Map()) {
  const calls: string[] = [];
  const key = (tuple: AccountUniquenessKey) => JSON.stringify(tuple);
  const store: UniquenessStore<AccountUniquenessKey> = {
    reserve: async (tuple, owner): Promise<ReserveResult> => {
      calls.push(`reserve ${tuple[1]}`);
      const held = taken.get(key(tuple));
      if (held && held.owner !== owner) return { outcome: 'taken', owner: held.owner };
      taken.set(key(tuple), { owner, revision: (held?.revision ?? 0) + 1 });
      return held ? { outcome: 'ours' } : { outcome: 'reserved' };
    },
    revisionOf: async (tuple, owner) => (taken.get(key(tuple))?.owner === owner ? taken.get(key(tuple))?.revision : undefined),
    release: async (tuple, owner, revision) => {
      calls.push(`release ${tuple[1]}${revision === undefined ? '' : ` @${revision}`}`);
      if (taken.get(key(tuple))?.owner === owner) taken.delete(key(tuple));
    },
    resolve: async (tuple) => taken.get(key(tuple))?.owner,
  };
  return { store, calls, taken };
}

const accountId = randomUUID();
const none: AccountPackageState = { status: 'none' };

function created(packageId: string): AccountPackageEvent & { type: 'PackageCreated' } {
  return { type: 'PackageCreated', data: liveResource({ id: packageId }) };
}

describe('tuple claims', () => {
  it('given a free tuple, when a create appends, then the tuple stays claimed', async () => {
    const { store, calls, taken } = fakeStore();
    const packageId = randomUUID();
    const claims = createTupleClaims(store, accountId, packageId);
    await claims.beforeAppend(created(packageId), none);
    await claims.settle(true);
    expect(calls).toEqual(['reserve acc']);
    expect([...taken.values()].map((v) => v.owner)).toEqual([packageId]);
  });

  it('given a tuple another package holds, when a create decides, then a conflict naming the tuple fields', async () => {
    const other = randomUUID();
    const packageId = randomUUID();
    const event = created(packageId);
    const key = JSON.stringify([accountId, event.data.packageName, event.data.packageVersion, event.data.packageType]);
    const { store } = fakeStore(new Map([[key, { owner: other, revision: 1 }]]));
    const failure = createTupleClaims(store, accountId, packageId).beforeAppend(event, none);
    await expect(failure).rejects.toBeInstanceOf(ConflictError);
    await expect(failure).rejects.toMatchObject({ issues: [{ path: 'packageName' }, { path: 'packageVersion' }, { path: 'packageType' }] });
  });

  it('given a create that claimed, when nothing was appended, then the claim is released', async () => {
    const { store, calls, taken } = fakeStore();
    const packageId = randomUUID();
    const claims = createTupleClaims(store, accountId, packageId);
    await claims.beforeAppend(created(packageId), none);
    await claims.settle(false);
    expect(calls).toEqual(['reserve acc', 'release acc']);
    expect(taken.size).toBe(0);
  });

  it('given a live package, when its delete appends, then the tuple is released at the revision seen before', async () => {
    const { store, calls, taken } = fakeStore();
    const packageId = randomUUID();
    const event = created(packageId);
    await store.reserve([accountId, event.data.packageName, event.data.packageVersion, event.data.packageType], packageId);
    const live: AccountPackageState = { status: 'live', resource: event.data, version: 1 };
    const claims = createTupleClaims(store, accountId, packageId);
    await claims.beforeAppend({ type: 'PackageDeleted', data: { id: packageId } }, live);
    await claims.settle(true);
    expect(calls).toEqual(['reserve acc', 'release acc @1']);
    expect(taken.size).toBe(0);
  });

  it('given an earlier attempt whose create is in the stream, when a retry finds it, then the tuple is claimed again before the answer', async () => {
    const { store, calls, taken } = fakeStore();
    const packageId = randomUUID();
    const event = created(packageId);
    const live: AccountPackageState = { status: 'live', resource: event.data, version: 1 };
    await createTupleClaims(store, accountId, packageId).restore(live);
    expect(calls).toEqual(['reserve acc']);
    expect([...taken.values()].map((v) => v.owner)).toEqual([packageId]);
  });

  it('given a found package deleted since, when a retry restores, then nothing is claimed', async () => {
    const { store, calls, taken } = fakeStore();
    await createTupleClaims(store, accountId, randomUUID()).restore({ status: 'deleted', id: randomUUID(), version: 2 });
    expect(calls).toEqual([]);
    expect(taken.size).toBe(0);
  });
});
