import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { loadConfig } from './config.js';

const base = { NATS_URL: 'nats://127.0.0.1:4222', AUTH_JWT_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(base)).toMatchObject({
      port: 3000,
      eventStream: 'ARTIFACTS',
      streamReplicas: 1,
      idempotencyTtlMs: 25 * 3_600_000,
      failpoints: [],
      nats: { servers: ['nats://127.0.0.1:4222'] },
      verifier: { enabled: true, maxDeliver: 5 },
    });
  });

  it('reads the verifier settings with the rest', () => {
    expect(loadConfig({ ...base, VERIFIER_ENABLED: 'false', MAX_DELIVER: '2' }).verifier).toEqual({ enabled: false, maxDeliver: 2 });
  });

  it.each([
    [{ NATS_URL: undefined }, 'NATS_URL'],
    [{ NATS_URL: 'http://x' }, 'NATS_URL'],
    [{ EVENT_STREAM: 'a.b' }, 'EVENT_STREAM'],
    [{ STREAM_REPLICAS: 'three' }, 'STREAM_REPLICAS'],
    [{ DUPLICATE_WINDOW: '2 minutes' }, 'DUPLICATE_WINDOW'],
    [{ IDEMPOTENCY_TTL: '1m', DUPLICATE_WINDOW: '2m' }, 'IDEMPOTENCY_TTL'],
    [{ FAILPOINTS: 'crash-after-append,nope' }, 'FAILPOINTS'],
    [{ NATS_USER: 'u' }, 'NATS_PASSWORD'],
    [{ COMMAND_PORT: '70000' }, 'COMMAND_PORT'],
    [{ VERIFIER_ENABLED: 'maybe' }, 'VERIFIER_ENABLED'],
    [{ MAX_DELIVER: '0' }, 'MAX_DELIVER'],
  ])('refuses %j naming %s', (overrides, key) => {
    let error: unknown;
    try {
      loadConfig({ ...base, ...overrides });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe(key);
  });
});
