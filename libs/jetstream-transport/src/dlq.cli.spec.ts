import { loadDlqConfig } from './dlq.cli.js';

describe('the dlq CLI configuration', () => {
  it('reaches a secured NATS with the credentials and TLS the services take', () => {
    const config = loadDlqConfig({ NATS_URL: 'tls://nats:4222', NATS_USER: 'admin', NATS_PASSWORD: 'pw', NATS_TLS_CA_FILE: '/ca.crt', EVENT_STREAM: 'X' });
    expect(config).toMatchObject({ natsUrl: 'tls://nats:4222', stream: 'X', nats: { user: 'admin', password: 'pw', tls: { caFile: '/ca.crt' } } });
  });

  it('defaults to a local server without credentials', () => {
    expect(loadDlqConfig({})).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', stream: 'ARTIFACTS', nats: { servers: ['nats://127.0.0.1:4222'] } });
  });
});
