import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConsole, serveConsole } from './console-assets.js';

describe('console assets', () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log("x");'.repeat(50));
    const assets = loadConsole(dir);
    server = createServer((req, res) => {
      if (!serveConsole(req, res, assets, new URL(req.url ?? '/', 'http://x').pathname)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('redirects /console to /console/ and serves index.html there, revalidated', async () => {
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    const page = await fetch(`${base}/console/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>console</title>');
  });

  it('serves hashed assets gzipped and immutable', async () => {
    const res = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${base}/console/assets/index-abc.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.body.length).toBeLessThan(200);
    expect(gunzipSync(res.body).toString()).toBe('console.log("x");'.repeat(50));
  });

  it('answers only the built files and only to GET and HEAD', async () => {
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/console/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/console/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/console/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('is empty when the console is not built', () => {
    expect(loadConsole(join(dir, 'nothing')).size).toBe(0);
  });
});
