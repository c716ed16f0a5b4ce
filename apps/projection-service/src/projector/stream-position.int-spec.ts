import { connect } from '@nats-io/transport-node';
import { ServiceUnavailableError } from '../../../../libs/http/src/errors/http.errors.js';
import { startNats } from '../../../../test/support/nats-server.js';
import { StreamPosition } from './stream-position.js';

describe('StreamPosition when NATS is away', () => {
  it('answers 503 with a detail a client can act on, not the client library\'s error', async () => {
    const nats = await startNats();
    const nc = await connect({ servers: nats.url });
    await nc.close();
    await nats.stop();
    const position = new StreamPosition(nc, 'ARTIFACTS');
    const failure = await position.lastSequence().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).message).toBe('The event store is not answering; retry later.');
  });
});
