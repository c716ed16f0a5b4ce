import { cachingResolver, checkWebhookUrl, DestinationRefused, DestinationUnresolvable, isPublicAddress, resolveDestination, type Lookup } from './destination.js';

const strict = { allowPrivate: false };
const open = { allowPrivate: true };
const answers = (...addresses: string[]): Lookup => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook destinations', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip',
  ])('%s is not public', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );

  it('accept absolute https URLs, and http only where private destinations are allowed', () => {
    expect(checkWebhookUrl('https://hooks.example.com/in?x=1', strict).host).toBe('hooks.example.com');
    expect(() => checkWebhookUrl('http://hooks.example.com/in', strict)).toThrow('url must use https');
    expect(checkWebhookUrl('http://127.0.0.1:9000/in', open).port).toBe('9000');
  });

  it.each([
    ['/relative', 'absolute'],
    ['ftp://example.com/x', 'https'],
    ['https://user:pw@example.com/', 'credentials'],
    ['https://example.com/#frag', 'fragment'],
    ['https://127.0.0.1/', 'private'],
    ['https://[::1]/', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'private'],
    [`https://example.com/${'a'.repeat(2048)}`, 'longer than 2048'],
  ])('refuse %s', (url, reason) => {
    expect(() => checkWebhookUrl(url, strict)).toThrow(DestinationRefused);
    expect(() => checkWebhookUrl(url, strict)).toThrow(reason);
  });

  it('refuse a name that resolves to any private address, after resolution', async () => {
    const url = new URL('https://hooks.example.com/');
    await expect(resolveDestination(url, strict, answers('93.184.216.34', '10.0.0.5'))).rejects.toThrow('resolves to a private');
    await expect(resolveDestination(url, strict, answers('::ffff:127.0.0.1'))).rejects.toThrow(DestinationRefused);
    await expect(resolveDestination(url, strict, answers())).rejects.toThrow('does not resolve');
  });

  it('refuse a name that does not exist, and call one the resolver cannot answer for now unresolvable, not refused', async () => {
    const url = new URL('https://hooks.example.com/');
    const failing = (code: string): Lookup => async () => {
      throw Object.assign(new Error(`getaddrinfo ${code} hooks.example.com`), { code });
    };
    await expect(resolveDestination(url, strict, failing('ENOTFOUND'))).rejects.toThrow(new DestinationRefused('hooks.example.com does not resolve'));
    await expect(resolveDestination(url, strict, failing('EAI_AGAIN'))).rejects.toThrow(new DestinationUnresolvable('hooks.example.com could not be resolved now (EAI_AGAIN)'));
    const started = Date.now();
    const silent: Lookup = () => new Promise(() => undefined);
    await expect(resolveDestination(url, strict, silent, 100)).rejects.toThrow(new DestinationUnresolvable('hooks.example.com did not resolve within 100 ms'));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('pin the first checked address, and allow private ones when told to', async () => {
    const url = new URL('https://hooks.example.com/');
    await expect(resolveDestination(url, strict, answers('93.184.216.34'))).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
    await expect(resolveDestination(new URL('http://localhost:8000/'), open, answers('::1', '127.0.0.1'))).resolves.toMatchObject({ address: '::1', family: 6 });
    await expect(resolveDestination(new URL('http://[::1]:8000/'), open)).resolves.toMatchObject({ address: '::1', family: 6 });
  });

  describe('resolved for deliveries', () => {
    const counting = (...addresses: string[]) => {
      const calls: string[] = [];
      const lookup: Lookup = async (host) => {
        calls.push(host);
        return answers(...addresses)(host);
      };
      return { calls, lookup };
    };

    it('reuse a checked answer until its time is up, one lookup for deliveries at the same moment', async () => {
      const { calls, lookup } = counting('93.184.216.34');
      let now = 0;
      const resolve = cachingResolver(strict, 30_000, lookup, () => now);
      const [a, b] = await Promise.all([resolve('https://hooks.example.com/in'), resolve('https://hooks.example.com/in')]);
      expect(a).toMatchObject({ address: '93.184.216.34', family: 4 });
      expect(b).toBe(a);
      now = 29_999;
      await resolve('https://hooks.example.com/in');
      expect(calls).toEqual(['hooks.example.com']);
      now = 30_000;
      await resolve('https://hooks.example.com/in');
      await resolve('https://other.example.com/in');
      expect(calls).toEqual(['hooks.example.com', 'hooks.example.com', 'other.example.com']);
    });

    it('never keep a refusal: the next delivery resolves again', async () => {
      const addresses = ['10.0.0.5'];
      const calls: string[] = [];
      const resolve = cachingResolver(strict, 30_000, async (host) => {
        calls.push(host);
        return answers(...addresses)(host);
      });
      await expect(resolve('https://hooks.example.com/')).rejects.toThrow('resolves to a private');
      addresses[0] = '93.184.216.34';
      await expect(resolve('https://hooks.example.com/')).resolves.toMatchObject({ address: '93.184.216.34' });
      expect(calls).toHaveLength(2);
    });

    it('resolve for every delivery when the time to keep is 0', async () => {
      const { calls, lookup } = counting('93.184.216.34');
      const resolve = cachingResolver(strict, 0, lookup);
      await resolve('https://hooks.example.com/');
      await resolve('https://hooks.example.com/');
      expect(calls).toHaveLength(2);
    });
  });
});
