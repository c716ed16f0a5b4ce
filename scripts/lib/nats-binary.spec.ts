import { natsServerAvailable, natsServerBinary } from './nats-binary.mjs';

describe('the nats-server the test harness runs', () => {
  it('is NATS_SERVER_BIN when set, else nats-server from PATH', () => {
    expect(natsServerBinary({ NATS_SERVER_BIN: '/opt/nats/2.10.27/nats-server' })).toBe('/opt/nats/2.10.27/nats-server');
    expect(natsServerBinary({ NATS_SERVER_BIN: ' ' })).toBe('nats-server');
    expect(natsServerBinary({})).toBe('nats-server');
  });

  it('must be an executable file when named', () => {
    expect(natsServerAvailable({ NATS_SERVER_BIN: '/nonexistent/nats-server' })).toBe(false);
    expect(natsServerAvailable({ NATS_SERVER_BIN: process.execPath })).toBe(true);
    expect(natsServerAvailable({ PATH: '' })).toBe(false);
  });
});
