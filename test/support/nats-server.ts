// A private nats-server with JetStream on a free loopback port and a temporary store, so every
// test file owns `artifacts.>` and two runs never collide. `stop()` kills it and removes the store.
// The bench and the launcher share the implementation (scripts/lib/local-servers.mjs).
import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNats } from '../../scripts/lib/local-servers.mjs';

export { freePort, startNats, type NatsServer } from '../../scripts/lib/local-servers.mjs';
export { natsServerBinary } from '../../scripts/lib/nats-binary.mjs';

/** A nats-server of the test file's own, a connection and one KV bucket on it (`history: 1`). */
export async function startKvBucket(bucket: string): Promise<{ nc: NatsConnection; kv: KV; stop(): Promise<void> }> {
  const nats = await startNats();
  const nc = await connect({ servers: nats.url });
  const kv = await new Kvm(nc).create(bucket, { history: 1 });
  return {
    nc,
    kv,
    async stop() {
      await nc.close();
      await nats.stop();
    },
  };
}
