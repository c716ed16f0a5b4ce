import { redactCredentials as services } from '../../libs/http/src/config/redact.js';
import { redactCredentials as launcher } from './redact.mjs';

describe("the launcher's credential redaction", () => {
  it.each([
    'nats://artifacts:s3cret@127.0.0.1:4222',
    'nats://a:p1@n1:4222,tls://b:p2@n2:4222',
    'nats://T0KEN@nats:4222',
    'postgres://artifacts:p@ss@db:5432/artifacts?sslpassword=x&sslmode=require',
    'NATS_URL does not answer (nats://u:pw@h:1): h: refused',
    'postgres://127.0.0.1/db',
  ])('answers as the services do for %s', (text) => {
    expect(launcher(text)).toBe(services(text));
    expect(launcher(text)).not.toMatch(/s3cret|p1|p2|T0KEN|p@ss|sslpassword=x|pw@/);
  });
});
