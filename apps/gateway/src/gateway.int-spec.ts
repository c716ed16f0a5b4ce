import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway } from './gateway.server.js';

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
    gateway = createGateway({ port: 0, host: '127.0.0.1', commandUrl: service.url, queryUrl: service.url });
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
