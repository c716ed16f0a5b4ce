import { StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { managerOnceElected, startNatsCluster } from '../../../test/reliability/support/nats-nodes.js';
import { ensureDeadLetterStream } from './dead-letter.js';

describe('the dead-letter stream on a cluster', () => {
  it('has as many replicas as the event stream, and an R1 one left from before is raised', async () => {
    const cluster = await startNatsCluster();
    const nc = await connect({ servers: cluster.urls.split(',') });
    try {
      const jsm = await managerOnceElected(nc);
      await jsm.streams.add({ name: 'EVENTS', subjects: ['artifacts.>'], storage: StorageType.File, num_replicas: 3 });
      expect((await jsm.streams.info(await ensureDeadLetterStream(jsm, 'EVENTS'))).config.num_replicas).toBe(3);

      await jsm.streams.add({ name: 'OLDER', subjects: ['older.>'], storage: StorageType.File, num_replicas: 3 });
      await jsm.streams.add({ name: 'OLDER_DLQ', subjects: ['dlq.OLDER.>'], storage: StorageType.File, num_replicas: 1 });
      expect((await jsm.streams.info(await ensureDeadLetterStream(jsm, 'OLDER'))).config.num_replicas).toBe(3);
    } finally {
      await nc.close();
      await cluster.remove();
    }
  });
});
