import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { mixedHistory } from '../testing/event.factories.js';
import {
  STREAM,
  checkpointReaches,
  closeDatabase,
  dumpReadModels,
  freshDatabase,
  publish,
  startProjector,
  startStream,
  type Db,
  type Nats,
  type ProjectorOverrides,
} from '../testing/projection.harness.js';

// Every scenario projects the same stream into its own database through its own durable and must
// end with tables identical to one clean delivery (the reference).
describe('projector under redelivery and crashes', () => {
  let nats: Nats;
  let reference: Record<string, unknown[]>;
  let last: number;
  const databases: Db[] = [];

  const database = async (): Promise<Db> => {
    const db = await freshDatabase();
    databases.push(db);
    return db;
  };

  const projectCleanly = async (overrides: ProjectorOverrides): Promise<Record<string, unknown[]>> => {
    const db = await database();
    const running = await startProjector(nats, db, { batchSize: 4, ...overrides });
    await checkpointReaches(db, last);
    await running.stop();
    return dumpReadModels(db);
  };

  beforeAll(async () => {
    nats = await startStream();
    const seqs = await publish(nats.js, [...mixedHistory(randomUUID()), ...mixedHistory(randomUUID())]);
    last = seqs.at(-1) as number;
    reference = await projectCleanly({ durable: 'proj_reference', batchSize: 500 });
    expect(reference.event_history).toHaveLength(last);
  });

  afterAll(async () => {
    await nats.nc.close();
    await nats.server.stop();
    await Promise.all(databases.map(closeDatabase));
  });

  it('applies nak-ed batches once when JetStream redelivers them', async () => {
    let failures = 0;
    const dump = await projectCleanly({
      durable: 'proj_nak',
      hooks: {
        beforeCommit: async () => {
          if (failures++ < 3) throw new Error('injected failure before commit');
        },
      },
    });
    expect(failures).toBeGreaterThan(3);
    expect(dump).toEqual(reference);
  });

  it('splits a batch that fails for its size instead of retrying it whole', async () => {
    const sizes: number[] = [];
    const dump = await projectCleanly({
      durable: 'proj_split',
      batchSize: 8,
      hooks: {
        beforeCommit: async (batch) => {
          sizes.push(batch.length);
          if (batch.length > 2) throw new Error('injected: statement too large');
        },
      },
    });
    expect(Math.max(...sizes)).toBeGreaterThan(2);
    expect(sizes.filter((size) => size <= 2).length).toBeGreaterThan(0);
    expect(dump).toEqual(reference);
  });

  it('ignores copies redelivered after an expired ack wait while their batch was in flight', async () => {
    const jsm = await jetstreamManager(nats.nc);
    let first = true;
    const dump = await projectCleanly({
      durable: 'proj_ackwait',
      ackWaitMs: 500,
      hooks: {
        beforeCommit: async () => {
          if (!first) return;
          first = false;
          const deadline = Date.now() + 10_000;
          while ((await jsm.consumers.info(STREAM, 'proj_ackwait')).num_redelivered === 0) {
            if (Date.now() > deadline) throw new Error('no redelivery within 10 s');
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        },
      },
    });
    expect(first).toBe(false);
    expect(dump).toEqual(reference);
  });

  it.each([
    ['mid-batch (before commit)', 'beforeCommit'],
    ['between commit and ack', 'afterCommit'],
  ] as const)('converges after a projector dies %s', async (_name, hook) => {
    const db = await database();
    const doomed = await connect({ servers: nats.server.url });
    let crashed = false;
    const crash = async (): Promise<void> => {
      if (crashed) return;
      crashed = true;
      // Closing the connection is what a killed process looks like to JetStream: no ack, no nak.
      await doomed.close();
      throw new Error('projector process died');
    };
    const durable = `proj_crash_${hook}`;
    const first = await startProjector(nats, db, { durable, batchSize: 4, nc: doomed, hooks: { [hook]: crash } });
    while (!crashed) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.stop();
    const { rows } = await db.pool.query('SELECT position FROM projection_checkpoints');
    // Committed before the crash: one batch, which grows from batchSize up to 4 x batchSize when more had arrived.
    if (hook === 'afterCommit') expect(rows[0].position).toBeGreaterThanOrEqual(1);
    expect(rows[0].position).toBeLessThanOrEqual(hook === 'afterCommit' ? 16 : 0);

    const second = await startProjector(nats, db, { durable, batchSize: 4 });
    await checkpointReaches(db, last);
    await second.stop();
    expect(await dumpReadModels(db)).toEqual(reference);
  });

  it('recreates a durable left with older settings at the checkpoint, and goes on from there', async () => {
    const db = await database();
    const first = await startProjector(nats, db, { durable: 'proj_settings' });
    await checkpointReaches(db, last);
    await first.stop();
    const jsm = await jetstreamManager(nats.nc);
    const wanted = (await jsm.consumers.info(STREAM, 'proj_settings')).config.max_ack_pending;
    await jsm.consumers.update(STREAM, 'proj_settings', { max_ack_pending: 7 });
    const more = await publish(nats.js, mixedHistory(randomUUID()));
    const second = await startProjector(nats, db, { durable: 'proj_settings' });
    await second.waiter.waitFor(more.at(-1) as number);
    await second.stop();
    expect((await jsm.consumers.info(STREAM, 'proj_settings')).config.max_ack_pending).toBe(wanted);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n, max(seq)::int AS top FROM event_history');
    expect(rows[0]).toEqual({ n: more.at(-1), top: more.at(-1) });
  });

  it('lets one projector at a time apply; a standby takes over when the leader stops', async () => {
    const db = await database();
    const leader = await startProjector(nats, db, { durable: 'proj_pair' });
    await checkpointReaches(db, last);
    const standby = await startProjector(nats, db, { durable: 'proj_pair' });
    expect(leader.projector.isLeader).toBe(true);
    expect(standby.projector.isLeader).toBe(false);
    await leader.stop();
    const more = await publish(nats.js, mixedHistory(randomUUID()));
    await standby.waiter.waitFor(more.at(-1) as number);
    expect(standby.projector.isLeader).toBe(true);
    await standby.stop();
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM event_history');
    expect(rows[0].n).toBe(more.at(-1));
  });
});
