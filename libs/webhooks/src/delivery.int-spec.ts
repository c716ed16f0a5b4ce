import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { resolveDestination } from './destination.js';
import { deliver } from './delivery.js';
import { generateSecret, signDelivery } from './signature.js';

type Received = { headers: IncomingMessage['headers']; body: Buffer };
let server: Server;
let base: string;
const received: Received[] = [];
let answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(204).end();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  answer = (_req, res) => res.writeHead(204).end();
});

const body = Buffer.from('{"specversion":"1.0","id":"e-1","source":"/catalog","type":"catalog.PackageCreated","data":{"title":"ü"}}');

async function attempt(path: string, timeoutMs?: number) {
  const secret = generateSecret();
  const destination = await resolveDestination(new URL(path, base), { allowPrivate: true });
  const outcome = await deliver({ destination, headers: signDelivery([secret], 'e-1', Math.floor(Date.now() / 1000), body), body, timeoutMs });
  return { secret, outcome };
}

describe('a webhook delivery', () => {
  it('posts the stored bytes as a structured CloudEvent the receiver can verify', async () => {
    const { secret, outcome } = await attempt('/in');
    expect(outcome).toMatchObject({ delivered: true, status: 204 });
    const [got] = received;
    expect(got?.body.equals(body)).toBe(true);
    expect(got?.headers['content-type']).toBe('application/cloudevents+json');
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(got?.headers[name])]));
    expect(() => new Webhook(secret).verify(got?.body.toString('utf8') ?? '', headers)).not.toThrow();
  });

  it('is failed by a non-2xx answer, and a redirect is not followed', async () => {
    answer = (_req, res) => res.writeHead(500).end('boom');
    await expect(attempt('/in').then((r) => r.outcome)).resolves.toMatchObject({ delivered: false, status: 500, error: 'HTTP 500' });
    answer = (req, res) => (req.url === '/moved' ? res.writeHead(302, { location: '/in' }).end() : res.writeHead(204).end());
    await expect(attempt('/moved').then((r) => r.outcome)).resolves.toMatchObject({ delivered: false, status: 302 });
    expect(received.map((r) => r.body.length)).toEqual([body.length, body.length]);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    answer = () => undefined; // never answers
    const { outcome } = await attempt('/slow', 300);
    expect(outcome).toMatchObject({ delivered: false, error: 'timed out' });
    expect(outcome.durationMs).toBeLessThan(3_000);
  });

  it('reports a refused connection as a failed attempt, not a throw', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const destination = await resolveDestination(new URL(`http://127.0.0.1:${port}/`), { allowPrivate: true });
    const outcome = await deliver({ destination, headers: signDelivery([generateSecret()], 'e-2', 0, body), body });
    expect(outcome).toMatchObject({ delivered: false, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('connects to the checked address even when the URL names a host', async () => {
    const port = new URL(base).port;
    const destination = await resolveDestination(new URL(`http://receiver.invalid:${port}/pinned`), { allowPrivate: true }, async () => [{ address: '127.0.0.1', family: 4 }]);
    const outcome = await deliver({ destination, headers: signDelivery([generateSecret()], 'e-3', 0, body), body });
    expect(outcome).toMatchObject({ delivered: true });
    expect(received[0]?.headers.host).toBe(`receiver.invalid:${port}`);
  });
});
