import { execFileSync } from 'node:child_process';
import { freePort, natsServerBinary, startNats } from '../../../test/support/nats-server.js';
import { loadNatsConfig } from './nats.config.js';
import { connectNats, NatsUnreachableError } from './nats.connection.js';

describe('connectNats', () => {
  it('fails fast when nothing answers, naming the URL it tried', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const attempt = connectNats(loadNatsConfig({ NATS_URL: url }), 'test');
    await expect(attempt).rejects.toBeInstanceOf(NatsUnreachableError);
    await expect(attempt).rejects.toThrow(`NATS does not answer at ${url}`);
  });

  it('names the URL it tried without the credentials in it', async () => {
    const port = await freePort();
    const attempt = connectNats(loadNatsConfig({ NATS_URL: `nats://command:n4ts-pw@127.0.0.1:${port}` }), 'test');
    await expect(attempt).rejects.toThrow(`NATS does not answer at nats://command:***@127.0.0.1:${port}`);
    await expect(attempt).rejects.not.toThrow(/n4ts-pw/);
  });

  it('connects to a server that answers', async () => {
    const nats = await startNats();
    const nc = await connectNats(loadNatsConfig({ NATS_URL: nats.url }), 'test');
    try {
      expect(nc.getServer()).toBe(nats.url.replace('nats://', ''));
    } finally {
      await nc.close();
      await nats.stop();
    }
  });

  // CI runs these suites on the version deploy/ ships (NATS_SERVER_BIN) and on the machine's: the
  // server the tests talk to must be the one that setting names.
  it('talks to the nats-server the harness was told to run', async () => {
    const expected = /v(\d+\.\d+\.\d+)/.exec(execFileSync(natsServerBinary(), ['--version']).toString())?.[1];
    const nats = await startNats();
    const nc = await connectNats(loadNatsConfig({ NATS_URL: nats.url }), 'test');
    try {
      expect(nc.info?.version).toBe(expected);
    } finally {
      await nc.close();
      await nats.stop();
    }
  });
});
