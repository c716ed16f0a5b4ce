import { randomUUID } from 'node:crypto';
import type { AccountPackageEvent, AccountPackageResource } from '../../../../libs/domain/src/accounts/account-package.events.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import { base64, file, image, resource } from '../../../../libs/domain/src/accounts/account-package.test-factories.js';
import { SYSTEM_ACTOR } from '../../../../libs/domain/src/event-meta.js';
import { buildCloudEvent, type CloudEvent } from '../../../../libs/event-store/src/cloud-event.js';
import { createInMemoryEventStore, type InMemoryEventStore } from '../../../../libs/event-store/src/in-memory-event-store.js';
import { accountPackageSubject } from '../../../../libs/event-store/src/subjects.js';
import { accountPackageModel } from '../accounts/account-package.model.js';
import { createCommandPipeline } from '../pipeline/command-pipeline.js';
import { readPackageCreated, UnverifiableEventError } from './package-created.event.js';
import { PackageVerifier, verificationEventId } from './package-verifier.js';

const OPERATOR = '8f84cf09-8036-41e4-b579-bd30cb07b269';
const LATER = new Date('2025-03-01T12:00:05.000Z');

type World = { store: InMemoryEventStore; verifier: PackageVerifier; accountId: string };

const world = (): World => {
  const store = createInMemoryEventStore();
  const pipeline = createCommandPipeline<AccountPackageState, AccountPackageEvent>({ store, model: accountPackageModel, maxAttempts: 3, cacheSize: 10 });
  return { store, verifier: new PackageVerifier(pipeline, () => LATER), accountId: randomUUID() };
};

const cloudEvent = (w: World, packageId: string, event: AccountPackageEvent, actor = OPERATOR): CloudEvent =>
  buildCloudEvent<object>({
    family: 'accounts',
    type: event.type,
    aggregateId: packageId,
    accountId: w.accountId,
    data: event.data,
    id: randomUUID(),
    time: '2025-03-01T12:00:00.000Z',
    actor,
    correlationId: `corr-${packageId.slice(0, 8)}`,
    causationId: randomUUID(),
  }) as CloudEvent;

/** Appends a PackageCreated as the HTTP write would, and returns it as a subscriber receives it. */
const create = async (w: World, overrides: Partial<AccountPackageResource> = {}): Promise<CloudEvent> => {
  const data = resource(overrides);
  const event = cloudEvent(w, data.id, { type: 'PackageCreated', data });
  await w.store.append(accountPackageSubject(w.accountId, data.id), event, { expectedVersion: 0 });
  return JSON.parse(JSON.stringify(event)) as CloudEvent;
};

const deliver = (w: World, event: CloudEvent) => w.verifier.verify(readPackageCreated(event, accountPackageSubject(w.accountId, event.subject)));
const eventsOf = (w: World, packageId: string) => w.store.all().filter((s) => s.event.subject === packageId).map((s) => s.event);

describe('package verifier', () => {
  it('moves a sound package to available as the system, caused by the PackageCreated, in its correlation', async () => {
    const w = world();
    const created = await create(w);
    expect(await deliver(w, created)).toEqual({ recorded: true, to: 'available', sequence: 2 });
    const [, changed] = eventsOf(w, created.subject);
    expect(changed).toMatchObject({
      id: verificationEventId(created.id),
      type: 'accounts.PackageStateChanged',
      source: `/accounts/${w.accountId}`,
      subject: created.subject,
      time: LATER.toISOString(),
      actor: SYSTEM_ACTOR,
      causationid: created.id,
      correlationid: created.correlationid,
      data: { from: 'verifying', to: 'available', packageStateDetails: [], labels: [{ name: 'team', value: 'storage' }] },
    });
  });

  it('records corrupt with a detail naming the file that does not parse', async () => {
    const w = world();
    const created = await create(w, { files: [file(), file({ fileName: 'broken.yaml', fileContents: base64('a: [1, 2\nb: }') })] });
    expect(await deliver(w, created)).toMatchObject({ recorded: true, to: 'corrupt' });
    const details = (eventsOf(w, created.subject)[1]?.data as { packageStateDetails: { detail: string }[] }).packageStateDetails;
    expect(details).toHaveLength(1);
    expect(details[0]?.detail).toMatch(/^files\[1\] broken\.yaml \(application\/x-yaml\) is not valid YAML/);
  });

  it('records incomplete when a dependsOnImages entry names an image the package does not contain', async () => {
    const w = world();
    const missing = { imagePath: '/globalcicd/acc', imageName: 'nowhere', imageTag: '9.9.9' };
    const created = await create(w, { images: [image({ dependsOnImages: [missing] })] });
    expect(await deliver(w, created)).toMatchObject({ recorded: true, to: 'incomplete' });
    expect(eventsOf(w, created.subject)[1]?.data).toMatchObject({ to: 'incomplete', packageStateDetails: [{ title: 'Dependent image missing' }] });
  });

  it('never overrides a transition an operator made first', async () => {
    const w = world();
    const created = await create(w);
    const put = cloudEvent(w, created.subject, { type: 'PackageStateChanged', data: { from: 'verifying', to: 'corrupt', packageStateDetails: [], labels: [] } });
    await w.store.append(accountPackageSubject(w.accountId, created.subject), put, { expectedVersion: 1 });
    expect(await deliver(w, created)).toEqual({ recorded: false, state: 'corrupt' });
    expect(eventsOf(w, created.subject)).toHaveLength(2);
  });

  it('appends nothing when the same PackageCreated is delivered again', async () => {
    const w = world();
    const created = await create(w);
    await deliver(w, created);
    expect(await deliver(w, created)).toEqual({ recorded: false, state: 'available' });
    expect(eventsOf(w, created.subject).map((e) => e.type)).toEqual(['accounts.PackageCreated', 'accounts.PackageStateChanged']);
  });

  it('refuses an event delivered on another package subject, or of an unknown schema version', async () => {
    const w = world();
    const created = await create(w);
    expect(() => readPackageCreated(created, accountPackageSubject(w.accountId, randomUUID()))).toThrow(UnverifiableEventError);
    const subject = accountPackageSubject(w.accountId, created.subject);
    expect(() => readPackageCreated({ ...created, schemaversion: 2 }, subject)).toThrow(/schemaversion 2 is not supported/);
    expect(() => readPackageCreated({ ...created, source: '/catalog' }, subject)).toThrow(UnverifiableEventError);
    expect(readPackageCreated(created, subject)).toMatchObject({ accountId: w.accountId, packageId: created.subject, subject });
  });

  it('derives one stable UUID per PackageCreated for the recorded event', () => {
    const id = randomUUID();
    expect(verificationEventId(id)).toBe(verificationEventId(id));
    expect(verificationEventId(id)).not.toBe(verificationEventId(randomUUID()));
    expect(verificationEventId(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
