// The behaviour every EventStore must show. Run by the in-memory spec and the JetStream int-spec.
import { randomUUID } from 'node:crypto';
import { buildCloudEvent, CLOUDEVENTS_CONTENT_TYPE, type BuildCloudEventInput, type CloudEvent } from './cloud-event.js';
import { ConcurrencyError, type EventStore } from './event-store.js';
import { UnknownSchemaVersionError } from './upcasting/event-upcasters.js';
import { accountPackageSubject, catalogSubject } from './subjects.js';

export type RawMessage = { subject: string; headers: Record<string, string>; payload: Uint8Array };

export type StoreUnderTest = {
  store: EventStore;
  /** The message as stored, bypassing the store's decoding. */
  rawMessage(sequence: number): Promise<RawMessage>;
  teardown(): Promise<void>;
};

export const anEvent = (overrides: Partial<BuildCloudEventInput<object>> = {}): CloudEvent =>
  buildCloudEvent<object>({
    family: 'catalog',
    type: 'PackageCreated',
    aggregateId: `pkg_${randomUUID()}`,
    data: { title: 'Argo Workflows' },
    id: randomUUID(),
    time: '2025-01-02T03:04:05.678Z',
    actor: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    ...overrides,
  }) as CloudEvent;

const ENVELOPE_KEYS = [
  'actor', 'causationid', 'correlationid', 'data', 'datacontenttype', 'dataschema', 'id', 'schemaversion',
  'source', 'specversion', 'subject', 'time', 'type',
];

const aSubject = (): string => catalogSubject(`pkg_${randomUUID()}`);

export function describeEventStoreContract(name: string, setup: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let under: StoreUnderTest;
    let store: EventStore;
    beforeEach(async () => {
      under = await setup();
      store = under.store;
    });
    afterEach(() => under.teardown());

    /** Appends `events` to `subject` in order, each on the version the previous one produced. */
    const appendAll = async (subject: string, events: CloudEvent[], from = 0): Promise<number[]> => {
      const sequences: number[] = [];
      for (const event of events) {
        sequences.push((await store.append(subject, event, { expectedVersion: sequences.at(-1) ?? from })).sequence);
      }
      return sequences;
    };

    it('reads back each subject’s events in order when subjects interleave', async () => {
      const [a, b] = [aSubject(), aSubject()];
      const [a1, a2, a3, b1, b2] = [anEvent(), anEvent(), anEvent(), anEvent(), anEvent()];
      const s1 = await store.append(a, a1, { expectedVersion: 0 });
      const s2 = await store.append(b, b1, { expectedVersion: 0 });
      const s3 = await store.append(a, a2, { expectedVersion: s1.sequence });
      const s4 = await store.append(b, b2, { expectedVersion: s2.sequence });
      const s5 = await store.append(a, a3, { expectedVersion: s3.sequence });
      expect([s1, s2, s3, s4, s5].map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect([s1, s2, s3, s4, s5].every((s) => !s.duplicate)).toBe(true);
      expect(await store.read(a)).toEqual({
        events: [
          { sequence: 1, subject: a, event: a1 },
          { sequence: 3, subject: a, event: a2 },
          { sequence: 5, subject: a, event: a3 },
        ],
        version: 5,
      });
      expect(await store.read(b)).toEqual({
        events: [{ sequence: 2, subject: b, event: b1 }, { sequence: 4, subject: b, event: b2 }],
        version: 4,
      });
    });

    it('reads only what follows afterVersion, and nothing for an unknown subject', async () => {
      const [a, b] = [aSubject(), aSubject()];
      const events = [anEvent(), anEvent(), anEvent()];
      const [first, , last] = await appendAll(a, events);
      await appendAll(b, [anEvent()]);
      expect((await store.read(a, first)).events.map((e) => e.event.id)).toEqual([events[1]?.id, events[2]?.id]);
      expect(await store.read(a, last)).toEqual({ events: [], version: last });
      expect(await store.read(aSubject())).toEqual({ events: [], version: 0 });
    });

    it('reads a long history interleaved with other subjects, whole and from the middle', async () => {
      const [a, b] = [aSubject(), aSubject()];
      const ids: string[] = [];
      let [va, vb] = [0, 0];
      for (let i = 0; i < 40; i++) {
        const event = anEvent();
        ids.push(event.id);
        va = (await store.append(a, event, { expectedVersion: va })).sequence;
        vb = (await store.append(b, anEvent(), { expectedVersion: vb })).sequence;
      }
      const whole = await store.read(a);
      expect(whole.events.map((e) => e.event.id)).toEqual(ids);
      expect(whole.version).toBe(va);
      const tail = await store.read(a, whole.events[4]?.sequence);
      expect(tail.events.map((e) => e.event.id)).toEqual(ids.slice(5));
    });

    it('refuses a stale expected version with a ConcurrencyError and appends nothing', async () => {
      const subject = aSubject();
      const [v1, v2] = await appendAll(subject, [anEvent(), anEvent()]);
      const attempt = store.append(subject, anEvent(), { expectedVersion: v1 ?? 0 });
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(attempt).rejects.toMatchObject({ subject, expectedVersion: v1 });
      expect(await store.lastSequence()).toBe(v2);
    });

    it('refuses expected version 0 on a subject that has events', async () => {
      const subject = aSubject();
      await appendAll(subject, [anEvent()]);
      await expect(store.append(subject, anEvent(), { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('refuses an expected version on a subject that has no events', async () => {
      const [other] = await appendAll(aSubject(), [anEvent()]);
      const attempt = store.append(aSubject(), anEvent(), { expectedVersion: other ?? 1 });
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('lets exactly one of several racing appends on the same version win', async () => {
      const subject = aSubject();
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => store.append(subject, anEvent(), { expectedVersion: 0 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(losers.every((r) => r.reason instanceof ConcurrencyError)).toBe(true);
      expect((await store.read(subject)).events).toHaveLength(1);
    });

    it('stores a message id once: a repeat returns the original position as a duplicate', async () => {
      const subject = aSubject();
      const event = anEvent();
      const first = await store.append(subject, event, { expectedVersion: 0 });
      const again = await store.append(subject, event, { expectedVersion: first.sequence });
      expect(again).toEqual({ sequence: first.sequence, duplicate: true });
      expect(await store.lastSequence()).toBe(first.sequence);
      expect((await store.read(subject)).events).toHaveLength(1);
    });

    it('answers a retry with a stale expectation by the original position (dedup is checked first)', async () => {
      const subject = aSubject();
      const event = anEvent();
      const first = await store.append(subject, event, { expectedVersion: 0 });
      const later = await store.append(subject, anEvent(), { expectedVersion: first.sequence });
      expect(await store.append(subject, event, { expectedVersion: 0 })).toEqual({ sequence: first.sequence, duplicate: true });
      expect(await store.lastSequence()).toBe(later.sequence);
    });

    it('keeps the SPEC §7 envelope exactly: every key, no extras, on the wire and read back', async () => {
      const accountId = randomUUID();
      const packageId = randomUUID();
      const event = anEvent({ family: 'accounts', type: 'PackageStateChanged', aggregateId: packageId, accountId });
      const subject = accountPackageSubject(accountId, packageId);
      const { sequence } = await store.append(subject, event, { expectedVersion: 0 });
      const wire = JSON.parse(new TextDecoder().decode((await under.rawMessage(sequence)).payload)) as CloudEvent;
      expect(Object.keys(wire).sort()).toEqual(ENVELOPE_KEYS);
      expect(wire).toEqual({
        specversion: '1.0',
        id: event.id,
        source: `/accounts/${accountId}`,
        type: 'accounts.PackageStateChanged',
        subject: packageId,
        time: '2025-01-02T03:04:05.678Z',
        datacontenttype: 'application/json',
        dataschema: 'urn:artifact-register:events:accounts:PackageStateChanged:1',
        data: { title: 'Argo Workflows' },
        schemaversion: 1,
        actor: event.actor,
        correlationid: event.correlationid,
        causationid: event.causationid,
      });
      const [read] = (await store.read(subject)).events;
      expect(read?.event).toEqual(wire);
      expect(Object.keys(read?.event ?? {}).sort()).toEqual(ENVELOPE_KEYS);
    });

    it('stores the message id, type, source and content type as headers', async () => {
      const subject = aSubject();
      const event = anEvent({ type: 'VersionSetCreated' });
      const { sequence } = await store.append(subject, event, { expectedVersion: 0 });
      const raw = await under.rawMessage(sequence);
      expect(raw.subject).toBe(subject);
      expect(raw.headers).toMatchObject({
        'Nats-Msg-Id': event.id,
        'ce-type': 'catalog.VersionSetCreated',
        'ce-source': '/catalog',
        'content-type': CLOUDEVENTS_CONTENT_TYPE,
      });
    });

    it('reads an older event version upcast, keeps it as written, and refuses one newer than it knows', async () => {
      const subject = aSubject();
      const v1 = anEvent({ schemaVersion: 1 });
      const { sequence } = await store.append(subject, v1, { expectedVersion: 0 });
      const [read] = (await store.read(subject)).events;
      expect(read?.event).toMatchObject({ id: v1.id, schemaversion: 2, data: { title: 'Argo Workflows', description: null } });
      const wire = JSON.parse(new TextDecoder().decode((await under.rawMessage(sequence)).payload)) as CloudEvent;
      expect(wire).toEqual(v1);
      await store.append(subject, anEvent({ type: 'PackageUpdated', schemaVersion: 9 }), { expectedVersion: sequence });
      await expect(store.read(subject)).rejects.toThrow(UnknownSchemaVersionError);
    });

    it('reports the stream’s last sequence across subjects', async () => {
      expect(await store.lastSequence()).toBe(0);
      await appendAll(aSubject(), [anEvent(), anEvent()]);
      const [last] = await appendAll(aSubject(), [anEvent()]);
      expect(await store.lastSequence()).toBe(last);
    });
  });
}
