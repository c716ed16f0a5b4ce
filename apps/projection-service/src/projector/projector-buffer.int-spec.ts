import { jetstreamManager } from '@nats-io/jetstream';
import { catalogEvent, newPackageId, packageFields } from '../testing/event.factories.js';
import { checkpointReaches, closeDatabase, freshDatabase, publish, startProjector, startStream, STREAM, type Db, type Nats } from '../testing/projection.harness.js';

const MIB = 1024 * 1024;
const DURABLE = 'proj_buffer_bound';

describe('projector buffer while a batch is applied', () => {
  let nats: Nats;
  let db: Db;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startStream(), freshDatabase()]);
  });

  afterAll(async () => {
    await nats.nc.close();
    await nats.server.stop();
    await closeDatabase(db);
  });

  it('pulls nothing past a full buffer while the batch taken from it commits', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inBatch = new Promise<void>((resolve) => (entered = resolve));
    let first = true;
    const running = await startProjector(nats, db, {
      durable: DURABLE,
      // One max_payload (1 MiB on this server): any message buffered fills it.
      maxBufferBytes: MIB,
      hooks: {
        beforeCommit: async () => {
          if (!first) return;
          first = false;
          entered();
          await held;
        },
      },
    });
    try {
      const id = newPackageId();
      await publish(nats.js, [catalogEvent('PackageCreated', id, packageFields(id))]);
      await inBatch;
      const more = Array.from({ length: 30 }, () => {
        const other = newPackageId();
        return catalogEvent('PackageCreated', other, packageFields(other));
      });
      const seqs = await publish(nats.js, more);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const info = await (await jetstreamManager(nats.nc)).consumers.info(STREAM, DURABLE);
      // The batch in flight (1) and what fills the buffer behind it (1): not the 30 waiting.
      expect(info.delivered.stream_seq).toBeLessThanOrEqual(3);
      release();
      await checkpointReaches(db, seqs.at(-1) as number);
    } finally {
      release();
      await running.stop();
    }
  });
});
