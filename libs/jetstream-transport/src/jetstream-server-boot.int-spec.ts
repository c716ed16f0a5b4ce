import { randomUUID } from 'node:crypto';
import { StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { managerOnceElected, startNatsCluster } from '../../../test/reliability/support/nats-nodes.js';
import { Probe, publishEvent, startSubscriber, STREAM, waitFor, type Published } from './transport.test-support.js';

// A subscriber started while its cluster cannot answer JetStream (no meta leader: two of three
// nodes down, an election under way) waits for it rather than exiting at boot.
describe('a subscriber booting while JetStream does not answer', () => {
  it('starts once the cluster is back, and handles events', async () => {
    const cluster = await startNatsCluster();
    const [first, ...others] = cluster.nodes;
    const admin = await connect({ servers: cluster.urls.split(',') });
    const nc = await connect({ servers: first?.url });
    const probe = new Probe();
    try {
      const jsm = await managerOnceElected(admin);
      await jsm.streams.add({ name: STREAM, subjects: ['artifacts.>'], storage: StorageType.File, num_replicas: 3 });
      await admin.close();
      for (const node of others) await node.kill();

      const starting = startSubscriber(probe, { connection: nc, stream: STREAM, subscriber: 'booting' });
      await new Promise((resolve) => setTimeout(resolve, 8_000)); // longer than a JetStream request's 5 s timeout
      for (const node of others) await node.start();
      const app = await starting;
      try {
        // The stream elects its own leader after the meta leader: until then a publish has no responder.
        // Each try carries the same id: a publish that landed but lost its answer is not doubled.
        const id = randomUUID();
        let published: Published | undefined;
        const publish = async (): Promise<boolean> => (published = await publishEvent(nc, 'artifacts.accounts.acc.pkg_boot', undefined, id).catch(() => undefined)) !== undefined;
        await waitFor(publish, 'the stream answering', 60_000);
        await waitFor(() => probe.of(id).length > 0, 'the event handled', 60_000);
        expect(published?.seq).toBe(1);
      } finally {
        await app.close();
      }
    } finally {
      await nc.close();
      await cluster.remove();
    }
  }, 180_000);
});
