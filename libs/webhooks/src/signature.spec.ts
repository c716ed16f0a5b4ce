import { Webhook } from 'standardwebhooks';
import { generateSecret, secretKey, signDelivery } from './signature.js';

const body = Buffer.from('{"specversion":"1.0","id":"4f1c","type":"catalog.PackageCreated","data":{"title":"Ä"}}');
const now = () => Math.floor(Date.now() / 1000);

describe('webhook signatures', () => {
  it('are verified by the standardwebhooks library over the exact body bytes', () => {
    const secret = generateSecret();
    const headers = signDelivery([secret], 'evt-1', now(), body);
    expect(new Webhook(secret).verify(body.toString('utf8'), headers)).toEqual(JSON.parse(body.toString('utf8')));
  });

  it('verify with either secret while a rotated one overlaps', () => {
    const [old, fresh] = [generateSecret(), generateSecret()];
    const headers = signDelivery([fresh, old], 'evt-2', now(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [old, fresh]) expect(() => new Webhook(secret).verify(body.toString('utf8'), headers)).not.toThrow();
  });

  it('fail verification when one byte of the body changes or the secret is another', () => {
    const secret = generateSecret();
    const headers = signDelivery([secret], 'evt-3', now(), body);
    const tampered = body.toString('utf8').replace('Ä', 'A');
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body.toString('utf8'), headers)).toThrow();
  });

  it('issue secrets of 32 random bytes with the whsec_ prefix and refuse anything else', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
    expect(() => secretKey('sk_abc')).toThrow(/whsec_/);
    expect(() => secretKey('whsec_AAAA')).toThrow(/32 bytes/);
    expect(() => signDelivery([], 'evt-4', now(), body)).toThrow(/at least one secret/);
  });
});
