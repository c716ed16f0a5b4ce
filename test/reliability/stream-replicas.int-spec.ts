// On a real 3-node cluster: a service configured with fewer replicas than the live stream refuses to
// boot (both services' stream code), and the dead-letter stream takes the event stream's replicas.
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createStreamIfMissing } from '../../apps/projection-service/src/nats/event-stream.js';
import { ensureStream, streamConfig } from '../../libs/event-store/src/stream-config.js';
import { ensureDeadLetterStream } from '../../libs/jetstream-transport/src/dead-letter.js';
import { startNatsCluster } from './support/nats-nodes.js';
import { waitUntil } from './support/wait.js';

const NAME = 'REPLICATED';
const settings = (replicas: number) => ({ name: NAME, replicas, duplicateWindowMs: 120_000 });
const refusal = (wanted: number, has: number) => new RegExp(`STREAM_REPLICAS is ${wanted} but the live stream ${NAME} has ${has} replicas; refusing to start`);

describe('stream replicas on a 3-node cluster', () => {
  let cluster: Awaited<ReturnType<typeof startNatsCluster>>;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    cluster = await startNatsCluster();
    nc = await connect({ servers: cluster.urls.split(',') });
    // A fresh cluster elects its JetStream meta leader first; until then JetStream requests fail.
    await waitUntil(
      async () => {
        jsm = await jetstreamManager(nc, { timeout: 5000 });
        return (await ensureStream(jsm, streamConfig(settings(3)))).config.num_replicas === 3;
      },
      60_000,
      'R3 stream created',
      500,
    );
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await cluster?.remove();
  });

  it('the command service stream code refuses fewer replicas than the live stream, naming both', async () => {
    await expect(ensureStream(jsm, streamConfig(settings(1)))).rejects.toThrow(refusal(1, 3));
    await expect(ensureStream(jsm, streamConfig(settings(2)))).rejects.toThrow(refusal(2, 3));
    expect((await jsm.streams.info(NAME)).config.num_replicas).toBe(3);
    expect((await ensureStream(jsm, streamConfig(settings(3)))).config.num_replicas).toBe(3);
  });

  it('the projection service refuses too, where it only checks the stream exists', async () => {
    await expect(createStreamIfMissing(nc, settings(1))).rejects.toThrow(refusal(1, 3));
    await expect(createStreamIfMissing(nc, settings(3))).resolves.toBe('exists');
  });

  it('the dead-letter stream has as many replicas as the event stream', async () => {
    const dlq = await ensureDeadLetterStream(jsm, NAME);
    expect((await jsm.streams.info(dlq)).config.num_replicas).toBe(3);
  });
});
