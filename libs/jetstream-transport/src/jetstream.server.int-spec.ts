import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { DLQ_HEADERS } from './dead-letter.js';
import { transportNames, type JetStreamTransportOptions } from './jetstream-transport.options.js';
import { Probe, type Published, publishEvent, startSubscriber, STREAM, uniqueToken, useEventStreamServer, waitFor, waitForAcks } from './transport.test-support.js';

const TIMEOUT = 30_000;

const bed = useEventStreamServer();

const subscribe = async (probe: Probe, subscriber: string, account: string, extra: Partial<JetStreamTransportOptions>): Promise<void> => {
  bed.apps.push(await startSubscriber(probe, { servers: bed.nats.url, subscriber, filterSubjects: `artifacts.accounts.${account}.>`, ...extra }));
};

describe('JetStreamServer redelivery', () => {
  it('naks a failing event with growing backoff and acks it once the handler succeeds', async () => {
    const account = uniqueToken();
    const probe = new Probe((_event, ctx) => {
      if (ctx.deliveryCount < 4) throw new Error(`attempt ${ctx.deliveryCount} fails`);
    });
    const redeliveries: number[] = [];
    const backoffMs = [300, 900, 1800];
    await subscribe(probe, 'retrying', account, { backoffMs, maxDeliver: 5, ackWaitMs: 4000, metrics: { onRedelivery: ({ deliveryCount }) => redeliveries.push(deliveryCount) } });

    const event = await publishEvent(bed.nc, `artifacts.accounts.${account}.p1`);
    await waitFor(() => probe.of(event.id).length === 4, 'the fourth delivery');
    const durable = await (await jetstreamManager(bed.nc)).consumers.info(STREAM, 'sub_retrying');
    await waitForAcks(bed.nc, STREAM, 'sub_retrying', 'the ack');

    const at = probe.of(event.id).map((d) => d.at);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual((backoffMs[i] ?? 0) - 50));
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
    expect(probe.of(event.id).map((d) => d.deliveryCount)).toEqual([1, 2, 3, 4]);
    expect(redeliveries).toEqual([2, 3, 4]);
    expect(durable.config.max_deliver).toBe(-1);
    expect(durable.config.ack_policy).toBe('explicit');
  }, TIMEOUT);

  it('dead-letters a poison event after maxDeliver while other aggregates flow and its own later events wait', async () => {
    const account = uniqueToken();
    const poison = { id: randomUUID() };
    const probe = new Probe((event) => {
      if (event.id === poison.id) throw new Error('cannot verify package: checksum mismatch');
    });
    const deadLetters: string[] = [];
    await subscribe(probe, 'verifier', account, { backoffMs: [600, 1200], maxDeliver: 3, ackWaitMs: 3000, concurrency: 4, metrics: { onDeadLetter: ({ error }) => deadLetters.push(error) } });

    const failing = `artifacts.accounts.${account}.failing`;
    const { seq: poisonSeq } = await publishEvent(bed.nc, failing, 'accounts.PackageCreated', poison.id);
    const later = [await publishEvent(bed.nc, failing), await publishEvent(bed.nc, failing)];
    await waitFor(() => probe.of(poison.id).length === 1, 'the first failure');
    const others: Published[] = [];
    for (let i = 0; i < 6; i += 1) others.push(await publishEvent(bed.nc, `artifacts.accounts.${account}.ok${i % 3}`));

    await waitFor(() => others.every((e) => probe.of(e.id).length === 1), 'the other aggregates');
    expect(probe.of(poison.id).length).toBeLessThan(3); // still retrying: the others did not wait for it
    expect(later.every((e) => probe.of(e.id).length === 0)).toBe(true);

    await waitFor(() => later.every((e) => probe.of(e.id).length === 1), 'the failing aggregate after dead-lettering', 15_000);
    const order = probe.deliveries.filter((d) => d.subject === failing).map((d) => `${d.id === poison.id ? 'poison' : d.id}#${d.deliveryCount}`);
    expect(order).toEqual(['poison#1', 'poison#2', 'poison#3', `${later[0]!.id}#1`, `${later[1]!.id}#1`]);
    expect(deadLetters).toEqual(['Error: cannot verify package: checksum mismatch']);

    const { deadLetterStream, deadLetterSubject } = transportNames(STREAM, 'verifier');
    const letter = await (await jetstreamManager(bed.nc)).streams.getMessage(deadLetterStream, { last_by_subj: deadLetterSubject });
    const h = letter!.header;
    expect(h.get('ce-type')).toBe('accounts.PackageCreated');
    expect(h.get('ce-source')).toBe('/accounts/acc');
    expect(h.get(DLQ_HEADERS.msgId)).toBe(poison.id);
    expect(h.get(DLQ_HEADERS.error)).toBe('Error: cannot verify package: checksum mismatch');
    expect(h.get(DLQ_HEADERS.subject)).toBe(failing);
    expect(h.get(DLQ_HEADERS.sequence)).toBe(String(poisonSeq));
    expect(h.get(DLQ_HEADERS.subscriber)).toBe('verifier');
    expect(h.get(DLQ_HEADERS.deliveries)).toBe('3');
    expect(Date.parse(h.get(DLQ_HEADERS.time))).toBeGreaterThan(Date.now() - 60_000);
    expect((letter!.json() as { id: string }).id).toBe(poison.id);
    await waitForAcks(bed.nc, STREAM, 'sub_verifier', 'all settled');
    expect(probe.of(poison.id)).toHaveLength(3);
  }, TIMEOUT);

  it('never hands a handler an event of a schema version it cannot read: retried, then dead-lettered, not acked unread', async () => {
    const account = uniqueToken();
    const probe = new Probe();
    const deadLetters: string[] = [];
    await subscribe(probe, 'versions', account, { backoffMs: [100], maxDeliver: 2, ackWaitMs: 3000, metrics: { onDeadLetter: ({ error }) => deadLetters.push(error) } });
    const future = await publishEvent(bed.nc, `artifacts.accounts.${account}.p`, 'accounts.PackageStateChanged', randomUUID(), 4);
    const next = await publishEvent(bed.nc, `artifacts.accounts.${account}.p`);
    await waitFor(() => probe.of(next.id).length === 1, 'the event after it');
    expect(probe.of(future.id)).toEqual([]);
    expect(deadLetters).toEqual([expect.stringMatching(/UnknownSchemaVersionError: .*has schemaversion 4; this build reads up to 1/)]);
  }, TIMEOUT);

  it('acks events without a handler unparsed and never hands them to a handler', async () => {
    const account = uniqueToken();
    const probe = new Probe();
    await subscribe(probe, 'skipping', account, {});
    const js = jetstream(bed.nc);
    await js.publish(`artifacts.accounts.${account}.x`, 'not json', { msgID: uniqueToken() });
    const handled = await publishEvent(bed.nc, `artifacts.accounts.${account}.x`);
    await waitFor(() => probe.of(handled.id).length === 1, 'the handled event');
    await waitForAcks(bed.nc, STREAM, 'sub_skipping', 'acks');
    expect(probe.deliveries).toHaveLength(1);
  }, TIMEOUT);
});
