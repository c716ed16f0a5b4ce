import { Writable } from 'node:stream';
import { createLogger } from '../logging/logger.js';
import { redactCredentials } from './redact.js';

describe('redactCredentials', () => {
  it.each([
    ['nats://artifacts:s3cret@nats:4222', 'nats://artifacts:***@nats:4222'],
    ['nats://a:p1@n1:4222,tls://b:p2@n2:4222', 'nats://a:***@n1:4222,tls://b:***@n2:4222'],
    ['nats://T0KEN@nats:4222', 'nats://***@nats:4222'],
    ['postgres://artifacts:p%40ss:word@db:5432/artifacts', 'postgres://artifacts:***@db:5432/artifacts'],
    ['postgres://db/artifacts?user=a&password=hunter2&sslmode=require', 'postgres://db/artifacts?user=a&password=***&sslmode=require'],
    ['{"msg":"NATS does not answer at nats://u:pw@h:4222: CONNECTION_REFUSED"}', '{"msg":"NATS does not answer at nats://u:***@h:4222: CONNECTION_REFUSED"}'],
    ['postgres://artifacts:p@ss@db:5432/artifacts', 'postgres://artifacts:***@db:5432/artifacts'],
    ['nats://nats:4222', 'nats://nats:4222'],
    ['no url here: user:password@host', 'no url here: user:password@host'],
  ])('%s → %s', (input, expected) => {
    expect(redactCredentials(input)).toBe(expected);
  });
});

describe('log lines', () => {
  it('never carry a NATS or Postgres password, whichever field or error message holds it', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', service: 'test', destination });
    logger.info({ nats: 'nats://command:n4ts-pw@nats:4222' }, 'listening');
    logger.error({ err: new Error('Postgres at postgres://app:pg-pw@db:5432/x does not answer') }, 'boot failed');
    logger.warn('reconnecting to tls://T0KEN@nats-1:4222');
    await new Promise((resolve) => setImmediate(resolve));
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    expect(text).not.toMatch(/n4ts-pw|pg-pw|T0KEN/);
    expect(text).toContain('nats://command:***@nats:4222');
  });
});
