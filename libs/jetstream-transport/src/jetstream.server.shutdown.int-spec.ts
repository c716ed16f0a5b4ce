import { Probe, publishEvent, startSubscriber, STREAM, uniqueToken, useEventStreamServer, waitFor, waitForAcks, type Published } from './transport.test-support.js';

const bed = useEventStreamServer();

/** Handlers take a few milliseconds each, so a shutdown lands while some run and some wait. */
const working = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 15));

const slowWork = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1500));

describe('JetStreamServer shutdown', () => {
  it('drains running handlers on close and hands the rest to the next instance: nothing lost, nothing doubled', async () => {
    const account = uniqueToken();
    const events: Published[] = [];
    for (let i = 0; i < 80; i += 1) events.push(await publishEvent(bed.nc, `artifacts.accounts.${account}.p${i % 5}`));
    const options = { servers: bed.nats.url, subscriber: 'restarting', filterSubjects: `artifacts.accounts.${account}.>`, concurrency: 3, ackWaitMs: 20_000 };
    // Deliveries 21–23 are slow, so the shutdown starts while they run and must wait for them.
    const probe: Probe = new Probe(() => (probe.deliveries.length > 20 && probe.deliveries.length <= 23 ? slowWork() : working()));

    const first = await startSubscriber(probe, options);
    await waitFor(() => probe.deliveries.length >= 23, 'three handlers running');
    await first.close();
    const handledBeforeRestart = probe.deliveries.length;
    expect(handledBeforeRestart).toBeLessThan(events.length);

    const second = await startSubscriber(probe, options);
    try {
      await waitFor(() => new Set(probe.deliveries.map((d) => d.id)).size === events.length, 'every event after the restart');
      await waitForAcks(bed.nc, STREAM, 'sub_restarting', 'the acks');
    } finally {
      await second.close();
    }
    expect(events.map((e) => probe.of(e.id).length)).toEqual(events.map(() => 1));
    for (let i = 0; i < 5; i += 1) {
      const subject = `artifacts.accounts.${account}.p${i}`;
      const handled = probe.deliveries.filter((d) => d.subject === subject).map((d) => d.sequence);
      expect(handled).toEqual([...handled].sort((a, b) => a - b));
    }
  }, 60_000);
});
