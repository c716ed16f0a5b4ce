import { randomUUID } from 'node:crypto';
import { decide } from '../../../../libs/domain/src/catalog/catalog-package.decider.js';
import type { CatalogCommand } from '../../../../libs/domain/src/catalog/catalog-package.commands.js';
import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import type { CatalogPackageState } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { ConflictError } from '../../../../libs/domain/src/errors.js';
import { createInMemoryEventStore } from '../../../../libs/event-store/src/in-memory-event-store.js';
import { ConcurrencyError, type EventStore } from '../../../../libs/event-store/src/event-store.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import { PreconditionFailedError } from '../../../../libs/domain/src/errors.js';
import { catalogModel } from '../catalog/catalog.model.js';
import type { IfMatch } from '../../../../libs/http/src/headers/etag.js';
import { createCommandPipeline, type Command } from './command-pipeline.js';

const actor = '5b0c1f3e-1111-4222-8333-444455556666';
const newPackageId = () => `pkg_${randomUUID()}`;
const pipelineOn = (store: EventStore, maxAttempts = 30) =>
  createCommandPipeline({ store, model: catalogModel, maxAttempts, cacheSize: 100 });

type Body = CatalogCommand extends infer C ? (C extends CatalogCommand ? Omit<C, 'actor' | 'now'> : never) : never;

const command = (
  packageId: string,
  body: Body,
  extra: Partial<Command<CatalogPackageState, CatalogEvent>> = {},
): Command<CatalogPackageState, CatalogEvent> => {
  const now = new Date().toISOString();
  return {
    subject: catalogSubject(packageId),
    aggregateId: packageId,
    eventId: randomUUID(),
    envelope: { actor, correlationId: 'corr-1', causationId: 'req-1', now },
    decide: (state) => decide({ ...body, actor, now } as CatalogCommand, state),
    ...extra,
  };
};
const create = (id: string, extra = {}) =>
  command(id, { type: 'CreatePackage', id, body: { title: 'Argo', system: 'helm' } }, { isNew: true, ...extra });
const addVersionSet = (id: string, range: string, extra = {}) =>
  command(id, { type: 'CreateVersionSet', packageId: id, body: { version_constraint: range } }, extra);

describe('command pipeline', () => {
  it('appends one CloudEvent carrying actor, correlation and causation, and answers its position', async () => {
    const store = createInMemoryEventStore();
    const id = newPackageId();
    const cmd = create(id);
    const result = await pipelineOn(store).execute(cmd);
    const [stored] = store.all();
    expect(stored?.event).toMatchObject({
      id: cmd.eventId,
      type: 'catalog.PackageCreated',
      subject: id,
      actor,
      correlationid: 'corr-1',
      causationid: 'req-1',
    });
    expect(result).toMatchObject({ version: 1, position: 1, event: { type: 'PackageCreated' } });
    expect(result.state).toMatchObject({ status: 'live', version: 1, created_by: actor });
  });

  it('answers the current version and appends nothing when the decision changes nothing', async () => {
    const store = createInMemoryEventStore();
    const pipeline = pipelineOn(store);
    const id = newPackageId();
    await pipeline.execute(create(id));
    const update = command(id, { type: 'UpdatePackage', id, body: { title: 'Argo', system: 'helm' } });
    const result = await pipeline.execute(update);
    expect(result).toMatchObject({ version: 1, position: 1 });
    expect(result.event).toBeUndefined();
    expect(store.all()).toHaveLength(1);
  });

  it('numbers 20 concurrent VersionSet creates split over two processes 1..20 without a 409', async () => {
    const store = createInMemoryEventStore();
    const [a, b] = [pipelineOn(store), pipelineOn(store)];
    const id = newPackageId();
    await a.execute(create(id));
    await b.load(catalogSubject(id));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).execute(addVersionSet(id, `>=${i}.0.0 <${i}.1.0`))),
    );
    const numbers = results.map((r) => (r.event?.data as { number: number }).number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('re-decides on a fresh read when a cached state refuses a command another process made valid', async () => {
    const store = createInMemoryEventStore();
    const [a, b] = [pipelineOn(store), pipelineOn(store)];
    const id = newPackageId();
    await a.execute(create(id));
    await a.execute(addVersionSet(id, '>=1.0.0'));
    await b.execute(command(id, { type: 'DeleteVersionSet', packageId: id, number: 1 }));
    const result = await a.execute(addVersionSet(id, '>=1.0.0'));
    expect(result.event?.data).toEqual({ package: id, number: 2, version_constraint: '>=1.0.0' });
  });

  it.each<[string, IfMatch]>([
    ['a stale version', { any: false, versions: [1] }],
    ['* on a missing aggregate', { any: true }],
  ])('refuses %s with a precondition failure and appends nothing', async (name, ifMatch) => {
    const store = createInMemoryEventStore();
    const pipeline = pipelineOn(store);
    const id = newPackageId();
    if (name.startsWith('a stale')) {
      await pipeline.execute(create(id));
      await pipeline.execute(addVersionSet(id, '>=1.0.0'));
    }
    const before = store.all().length;
    await expect(pipeline.execute(addVersionSet(id, '>=2.0.0', { ifMatch }))).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(store.all()).toHaveLength(before);
  });

  it('never retries a race lost under If-Match', async () => {
    const store = createInMemoryEventStore();
    const id = newPackageId();
    const [a, b] = [pipelineOn(store), pipelineOn(store)];
    await a.execute(create(id));
    await b.execute(addVersionSet(id, '>=1.0.0'));
    // a's cache is at version 1; its append at 1 loses, and If-Match "1" is now stale.
    const stale = addVersionSet(id, '>=2.0.0', { ifMatch: { any: false, versions: [1] } });
    await expect(a.execute(stale)).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('gives up with a conflict after the bounded number of lost races', async () => {
    const inner = createInMemoryEventStore();
    let appends = 0;
    const losing: EventStore = {
      ...inner,
      append: async (subject, _event, options) => {
        appends += 1;
        throw new ConcurrencyError(subject, options.expectedVersion);
      },
    };
    const id = newPackageId();
    await expect(pipelineOn(losing, 3).execute(create(id))).rejects.toBeInstanceOf(ConflictError);
    expect(appends).toBe(3);
  });

  it('on a re-run after a crash finds the event it appended before and appends nothing', async () => {
    const store = createInMemoryEventStore();
    const id = newPackageId();
    const first = create(id);
    await pipelineOn(store).execute(first);
    await pipelineOn(store).execute(addVersionSet(id, '>=1.0.0'));
    const rerun = await pipelineOn(store).execute({ ...create(id), eventId: first.eventId, isNew: false, recheck: true });
    expect(rerun.event).toMatchObject({ type: 'PackageCreated', meta: { version: 1 } });
    expect(rerun).toMatchObject({ version: 2, position: 2 });
    expect(store.all()).toHaveLength(2);
  });
});
