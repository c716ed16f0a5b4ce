import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../../libs/http/src/logging/logger.js';
import { createGateway } from './gateway.server.js';

/** The gateway's request log, kept out of the test output. */
const quietLogger = createLogger({ level: 'info', format: 'json', service: 'gateway', destination: { write: () => undefined } });
const gatewayConfig = (commandUrl: URL, queryUrl: URL) => ({ port: 0, host: '127.0.0.1', commandUrl, queryUrl, logLevel: 'info' as const, logFormat: 'json' as const });

/** A service stand-in that answers every request with the path it received. */
async function recordingService(): Promise<{ server: Server; url: URL; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), paths };
}

/** Sends `path` byte for byte (fetch would normalise it first, which is what this test must not do). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the gateway in front of the services', () => {
  let service: Awaited<ReturnType<typeof recordingService>>;
  let gateway: Server;
  let port: number;

  beforeAll(async () => {
    service = await recordingService();
    gateway = createGateway(gatewayConfig(service.url, service.url), quietLogger);
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    port = (gateway.address() as AddressInfo).port;
  });

  afterAll(async () => {
    gateway.closeAllConnections();
    service.server.closeAllConnections();
    await Promise.all([new Promise((r) => gateway.close(r)), new Promise((r) => service.server.close(r))]);
  });

  beforeEach(() => service.paths.splice(0));

  it.each(['/metrics', '/%6detrics', '/metrics#x', '//metrics', '/x/../metrics', '/x/%2e%2e/metrics', '/%2Fmetrics', '/METRICS'])(
    'answers %s itself with 404: no service sees a metrics request',
    async (path) => {
      const answer = await rawGet(port, path);
      expect(answer.status).toBe(404);
      expect(service.paths).toEqual([]);
    },
  );

  it('forwards the canonical path it checked, not the raw target', async () => {
    const answer = await rawGet(port, '/x/../%70ackages//argo?page_size=2#frag');
    expect(answer.status).toBe(200);
    expect(service.paths).toEqual(['/packages/argo?page_size=2']);
  });

  it('answers a target that is no path 400 without asking a service', async () => {
    expect((await rawGet(port, '/bad%zz')).status).toBe(400);
    expect(service.paths).toEqual([]);
  });
});

describe('the gateway when a service does not answer', () => {
  it('answers 503 in the family format without the internal URL or the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const dead = new URL(`http://127.0.0.1:${deadPort}`);
    const gateway = createGateway(gatewayConfig(dead, dead), quietLogger);
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => logged.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      // The catalog says what happened; the accounts family answers its problem 41's one fixed text.
      const details = { '/packages': 'a service behind the gateway did not answer', '/accounts/8f84cf09-8036-41e4-b579-bd30cb07b269/core/v1/packages': 'The service is temporarily unavailable.' };
      for (const [path, detail] of Object.entries(details)) {
        const answer = await rawGet((gateway.address() as AddressInfo).port, path);
        expect(answer.status).toBe(503);
        expect(answer.body).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${deadPort}|ECONNREFUSED`));
        expect(JSON.parse(answer.body)).toMatchObject({ detail });
      }
      // The operator's log line names the upstream.
      expect(logged.join('')).toContain(`127.0.0.1:${deadPort}`);
    } finally {
      process.stderr.write = write;
      gateway.closeAllConnections();
      await new Promise((r) => gateway.close(r));
    }
  });
});

