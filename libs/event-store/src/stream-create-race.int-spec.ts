import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNats, type NatsServer } from '../../../test/support/nats-server.js';
import { createRacing, ensureStream, streamConfig } from './stream-config.js';

// Two services booting against a fresh server create the same stream at the same moment. The
// server can answer the later create "subjects overlap with an existing stream" (10065): the
// stream it overlaps is the one just created, identical to the one asked for.
let server: NatsServer;
const connections: NatsConnection[] = [];
let managers: JetStreamManager[];
const manager = (i: number): JetStreamManager => managers[i] as JetStreamManager;

beforeAll(async () => {
  server = await startNats();
  for (let i = 0; i < 6; i++) connections.push(await connect({ servers: server.url }));
  managers = await Promise.all(connections.map((nc) => jetstreamManager(nc)));
});
afterAll(async () => {
  await Promise.all(connections.map((nc) => nc.close()));
  await server.stop();
});

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 100);

describe('creating a stream or bucket that a concurrent boot creates too', () => {
  it('ends with the one stream for every booting process, never a start-up failure', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const config = streamConfig({ name: `RACE_${round}`, replicas: 1, duplicateWindowMs: 60_000 });
      const outcomes = await Promise.allSettled(managers.map((jsm) => ensureStream(jsm, config)));
      expect(outcomes.filter((o) => o.status === 'rejected')).toStrictEqual([]);
      await manager(0).streams.delete(config.name);
    }
  });

  it('opens the one KV bucket for every booting process', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const name = `race_bucket_${round}`;
      const outcomes = await Promise.allSettled(connections.map((nc) => createRacing(() => new Kvm(nc).create(name, { history: 1 }))));
      expect(outcomes.filter((o) => o.status === 'rejected')).toStrictEqual([]);
    }
  });

  it('still refuses a stream whose subjects another stream holds', async () => {
    await ensureStream(manager(0), { ...streamConfig({ name: 'HOLDER', replicas: 1, duplicateWindowMs: 60_000 }), subjects: ['held.>'] });
    await expect(
      ensureStream(manager(1), { ...streamConfig({ name: 'INTRUDER', replicas: 1, duplicateWindowMs: 60_000 }), subjects: ['held.>'] }),
    ).rejects.toThrow(/subjects overlap/);
    await expect(createRacing(() => manager(1).streams.add({ name: 'INTRUDER2', subjects: ['held.x'] }))).rejects.toThrow(/subjects overlap/);
  });
});
