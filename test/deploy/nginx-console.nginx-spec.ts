// The shipped deploy/nginx/nginx.conf run by a real nginx (Debian's, with its njs module:
// scripts/nginx-debian.sh fetches both without installing anything; NGINX_BIN points here at it):
// `nginx -t` on the file, then the web console served from a folder laid out like the gateway image's,
// answered side by side with the Node gateway's console code over the same files: same status, headers
// and (decompressed) bodies. Only the paths the image has (/etc/nginx, /usr/share/nginx, /tmp) and the
// services' host names are moved into the test folder. Run by `npm run test:nginx`, which fetches them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isConsolePath, loadConsole, serveConsole } from '../../apps/gateway/src/console-assets.js';
import { problem, requestLine, sendProblem } from '../../apps/gateway/src/problems.js';
import { freePort } from '../support/nats-server.js';
import { readRepoFile, repoPath } from './support/deploy-files.loader.js';

const nginxBin = process.env.NGINX_BIN ?? [repoPath('.local/nginx-debian/root/usr/sbin/nginx'), '/usr/sbin/nginx'].find((p) => existsSync(p));
const modulesDir = process.env.NGINX_MODULES_DIR ?? (nginxBin ? join(dirname(nginxBin), '../lib/nginx/modules') : '');
if (!nginxBin || !existsSync(join(modulesDir, 'ngx_http_js_module.so'))) {
  throw new Error(`nginx with its njs module not found (NGINX_BIN=${nginxBin ?? 'unset'}): npm run test:nginx fetches Debian's`);
}

type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer };

function ask(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decoded = (answer: Answer): string =>
  (answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.body) : answer.body).toString('utf8');

/** What a client (or a cache) acts on; nginx adds Server, ETag, Last-Modified, which the Node gateway has not. */
const COMPARED = ['content-type', 'content-encoding', 'cache-control', 'content-security-policy', 'x-content-type-options', 'referrer-policy', 'location', 'allow'];
function view(answer: Answer): Record<string, unknown> {
  // A redirect's body (nginx's small HTML page, the Node gateway's none) is never shown.
  if (answer.status >= 300 && answer.status < 400) return { status: answer.status, location: answer.headers.location };
  return { status: answer.status, ...Object.fromEntries(COMPARED.map((h) => [h, answer.headers[h]])), vary: answer.headers.vary?.toLowerCase() };
}

/** deploy/nginx/nginx.conf with each machine path moved into `dir`; each must be found exactly where expected. */
function localConfig(dir: string, port: number, closed: number): string {
  const moves: [RegExp, string][] = [
    [/^load_module modules\//m, `load_module ${modulesDir}/`],
    [/ \/tmp\//g, ` ${dir}/tmp/`],
    // A pipe under jest, which nginx cannot open by name.
    [/error_log \/dev\/stderr /, `error_log ${dir}/error.log `],
    [/access_log \/dev\/stdout /, `access_log ${dir}/access.log `],
    [/\/etc\/nginx\/mime\.types;/, `${dir}/mime.types;`],
    [/\/etc\/nginx\/njs\//, `${dir}/njs/`],
    [/root \/usr\/share\/nginx;/, `root ${dir}/share;`],
    [/server command-service:\d+;/, `server 127.0.0.1:${closed};`],
    [/server projection-service:\d+;/, `server 127.0.0.1:${closed};`],
    [/listen \d+;/, `listen 127.0.0.1:${port};`],
  ];
  return moves.reduce((text, [pattern, replacement]) => {
    if (!pattern.test(text)) throw new Error(`nginx.conf no longer has ${pattern}`);
    return text.replace(pattern, replacement);
  }, readRepoFile('deploy/nginx/nginx.conf'));
}

describe(`the shipped nginx gateway, run by ${nginxBin}`, () => {
  let dir: string;
  let nginx: ChildProcess;
  let nginxPort: number;
  let nodeServer: Server;
  let nodePort: number;
  let stderr = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ar-nginx-'));
    // As root nginx's workers run as nobody: they read the files and write temp files here.
    chmodSync(dir, 0o755);
    for (const sub of ['tmp', 'njs', 'share/console/assets']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'mime.types'), 'types {\n  application/json json;\n}\n');
    copyFileSync(repoPath('deploy/nginx/openapi-merge.js'), join(dir, 'njs/openapi-merge.js'));
    // What the image's COPY puts in /usr/share/nginx/console: a built console's shape.
    const site = join(dir, 'share/console');
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/console/assets/index-abc.js"></script>');
    writeFileSync(join(site, 'assets/index-abc.js'), 'console.log("x");'.repeat(50));
    writeFileSync(join(site, 'assets/index-abc.css'), 'body { margin: 0 }\n'.repeat(20));
    writeFileSync(join(site, 'favicon.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(20)}</svg>`);

    const assets = loadConsole(site);
    nodeServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (isConsolePath(path) && serveConsole(req, res, assets, path)) return;
      sendProblem(res, requestLine(req), problem('collection-not-found', 404, `no such console file: ${path}`));
    });
    await new Promise<void>((resolve) => nodeServer.listen(0, '127.0.0.1', resolve));
    nodePort = (nodeServer.address() as AddressInfo).port;

    nginxPort = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), localConfig(dir, nginxPort, await freePort()));
    nginx = spawn(nginxBin ?? 'nginx', ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    for (let i = 0; i < 100; i += 1) {
      const up = await ask(nginxPort, 'GET', '/health/live').then((a) => a.status === 200, () => false);
      if (up) return;
      if (nginx.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    throw new Error(`nginx did not start: ${stderr}${log}`);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => nodeServer?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the configuration (nginx -t)', () => {
    const result = spawnSync(nginxBin ?? 'nginx', ['-t', '-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, expect.stringContaining('test is successful')]);
    expect(result.stderr).not.toMatch(/\[warn\]/);
  });

  const GZIP = { 'accept-encoding': 'gzip' };
  const CASES: [string, string, Record<string, string>][] = [
    ['GET', '/console', {}],
    ['GET', '/console/', GZIP],
    ['GET', '/console/', {}],
    ['GET', '/console/index.html', GZIP],
    ['GET', '/console/assets/index-abc.js', GZIP],
    ['GET', '/console/assets/index-abc.js', {}],
    ['GET', '/console/assets/index-abc.css', GZIP],
    ['GET', '/console/favicon.svg', GZIP],
  ];

  it.each(CASES)('%s %s %j: the Node gateway\'s status, headers and body', async (method, path, headers) => {
    const [fromNginx, fromNode] = await Promise.all([ask(nginxPort, method, path, headers), ask(nodePort, method, path, headers)]);
    expect(view(fromNginx)).toEqual(view(fromNode));
    if (fromNode.status === 200) expect(decoded(fromNginx)).toBe(decoded(fromNode));
  });

  it('serves index.html for /console/ with the strict Content-Security-Policy, revalidated', async () => {
    const page = await ask(nginxPort, 'GET', '/console/');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>console</title>');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self';/);
    expect(page.headers['cache-control']).toBe('no-cache');
    // nginx adds what the Node gateway lacks: a revalidation costs a 304, with the same headers.
    const again = await ask(nginxPort, 'GET', '/console/', { 'if-none-match': String(page.headers.etag) });
    expect([again.status, again.headers['cache-control'], again.headers['content-security-policy']])
      .toEqual([304, 'no-cache', page.headers['content-security-policy']]);
  });

  it('answers HEAD like GET without a body, other methods with 405 and Allow', async () => {
    const head = await ask(nginxPort, 'HEAD', '/console/');
    expect([head.status, head.body.length, head.headers['content-security-policy']]).toEqual([200, 0, expect.any(String)]);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const [fromNginx, fromNode] = await Promise.all([ask(nginxPort, method, '/console/'), ask(nodePort, method, '/console/')]);
      expect([method, fromNginx.status, fromNginx.headers.allow]).toEqual([method, fromNode.status, fromNode.headers.allow]);
    }
  });

  it('answers a file the build did not make, or a folder, with a JSON 404', async () => {
    for (const path of ['/console/assets/missing.js', '/console/assets/', '/console/nope/']) {
      const [fromNginx, fromNode] = await Promise.all([ask(nginxPort, 'GET', path), ask(nodePort, 'GET', path)]);
      expect([path, fromNginx.status, fromNginx.headers['content-type']]).toEqual([path, 404, fromNode.headers['content-type']]);
      expect(JSON.parse(fromNginx.body.toString())).toMatchObject({ status: 404 });
    }
  });

  it('still sends the API to the services: with none listening, a 503 in the error format', async () => {
    const api = await ask(nginxPort, 'GET', '/packages');
    expect([api.status, api.headers['content-type'], api.headers['retry-after']]).toEqual([503, 'application/problem+json', '1']);
    expect((await ask(nginxPort, 'GET', '/consoles')).status).toBe(503);
  });
});
