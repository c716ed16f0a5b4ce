import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNats } from '../../../test/support/nats-server.js';
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

  it('closes when its NATS server has gone away: a SIGTERM then stops the process instead of waiting for a reconnect', async () => {
    const nats = await startNats();
    // As the services and the example subscriber connect: reconnecting for ever.
    const connection = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    try {
      await (await jetstreamManager(connection)).streams.add({ name: STREAM, subjects: ['artifacts.>'], storage: StorageType.File });
      const probe = new Probe(working);
      const app = await startSubscriber(probe, { connection, subscriber: 'orphaned', filterSubjects: 'artifacts.accounts.>' });
      const disconnected = (async () => {
        for await (const status of connection.status()) if (status.type === 'disconnect') return;
      })();
      await nats.stop();
      await disconnected;
      const started = Date.now();
      const closed = await Promise.race([app.close().then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 10_000, 'still closing after 10 s'))]);
      expect(closed).toBe('closed');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await connection.close();
      await nats.stop().catch(() => undefined);
    }
  }, 30_000);
});
