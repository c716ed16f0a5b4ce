import { ConfigError } from '../../http/src/config/config.error.js';
import { loadNatsConfig } from './nats.config.js';

const keyOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.key;
    throw err;
  }
  return undefined;
};

describe('loadNatsConfig', () => {
  it('takes a cluster as a comma-separated NATS_URL and keeps it as given for messages', () => {
    expect(loadNatsConfig({ NATS_URL: 'nats://a:4222,tls://b:4222' })).toEqual({
      servers: ['nats://a:4222', 'tls://b:4222'],
      url: 'nats://a:4222,tls://b:4222',
    });
  });

  it('keeps the URL for messages without its passwords or tokens', () => {
    const config = loadNatsConfig({ NATS_URL: 'nats://command:pw1@a:4222,tls://T0KEN@b:4222' });
    expect(config.servers).toEqual(['nats://command:pw1@a:4222', 'tls://T0KEN@b:4222']);
    expect(config.url).toBe('nats://command:***@a:4222,tls://***@b:4222');
  });

  it('names a refused URL without its password', () => {
    expect(() => loadNatsConfig({ NATS_URL: 'http://u:pw1@a:4222' })).toThrow('http://u:***@a:4222');
  });

  it('reads credentials and TLS files', () => {
    const env = {
      NATS_URL: 'nats://a:4222',
      NATS_USER: 'u',
      NATS_PASSWORD: 'p',
      NATS_CREDS_FILE: '/c.creds',
      NATS_TLS_CA_FILE: '/ca.pem',
      NATS_TLS_CERT_FILE: '/cert.pem',
      NATS_TLS_KEY_FILE: '/key.pem',
    };
    expect(loadNatsConfig(env)).toMatchObject({
      user: 'u',
      password: 'p',
      credsFile: '/c.creds',
      tls: { caFile: '/ca.pem', certFile: '/cert.pem', keyFile: '/key.pem' },
    });
  });

  it.each([
    [{}, 'NATS_URL'],
    [{ NATS_URL: 'http://a:4222' }, 'NATS_URL'],
    [{ NATS_URL: 'not a url' }, 'NATS_URL'],
    [{ NATS_URL: 'nats://a', NATS_PASSWORD: 'p' }, 'NATS_USER'],
    [{ NATS_URL: 'nats://a', NATS_TLS_CERT_FILE: '/cert.pem' }, 'NATS_TLS_KEY_FILE'],
  ])('refuses %j naming %s', (env, key) => {
    expect(keyOf(() => loadNatsConfig(env))).toBe(key);
  });
});
