// What the browser tests and the screenshot script share: the system as a user starts it
// (`npm start`, on free ports), Debian's chromium through playwright-core, and API helpers to seed data.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 240_000;
/** The flags this machine kind needs: root (no sandbox), no GPU, no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** `npm start` on free ports; resolves once it printed the console URL. */
export async function startSystem() {
  const env = { ...process.env, COMMAND_PORT: String(await freePort()), QUERY_PORT: String(await freePort()), GATEWAY_PORT: String(await freePort()) };
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const tail = () => output.slice(-4000);
  const started = Date.now();
  let consoleUrl;
  while (!consoleUrl) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${tail()}`);
    if (Date.now() - started > START_TIMEOUT_MS) {
      process.kill(-child.pid, 'SIGKILL');
      throw new Error(`npm start printed no console URL in ${START_TIMEOUT_MS} ms:\n${tail()}`);
    }
    consoleUrl = /(http:\/\/\S+\/console\/#token=\S+)/.exec(output)?.[1];
    if (!consoleUrl) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const gateway = consoleUrl.slice(0, consoleUrl.indexOf('/console/'));
  const token = decodeURIComponent(consoleUrl.slice(consoleUrl.indexOf('#token=') + 7));
  const stop = async () => {
    if (child.exitCode !== null) return;
    process.kill(-child.pid, 'SIGINT'); // what Ctrl-C sends to the terminal's process group
    const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid, 'SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  };
  return { consoleUrl, gateway, token, api: apiClient(gateway, token), stop, output: tail };
}

/** A JSON client of the gateway; reads wait for the last write (X-Consistency-Token). */
function apiClient(gateway, token) {
  let consistency;
  return async (method, path, body, headers = {}) => {
    const res = await fetch(`${gateway}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' && consistency ? { 'x-consistency-token': consistency } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (method !== 'GET' && res.headers.get('x-consistency-token')) consistency = res.headers.get('x-consistency-token');
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : undefined };
  };
}

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_BIN)`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** A catalog package with history: created, retitled, given a VersionSet (`>=1.0.0 <2.0.0`). */
export async function seedCatalog(api, word = `seed${randomUUID().slice(0, 8)}`) {
  const alias = `${word}-operator`;
  const created = await api('POST', '/packages', {
    title: `${word} Operator (draft)`,
    system: 'helm',
    aliases: [alias],
    description: `The ${word} operator for Kubernetes: installs and upgrades ${word} clusters.`,
  });
  const id = created.body.id;
  const title = `${word} Operator`;
  await api('PUT', `/packages/${id}/`, { ...created.body, title, versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 30 } });
  await api('POST', `/packages/${id}/versionsets`, { version_constraint: '>=1.0.0 <2.0.0' });
  return { id, alias, title, word, draftTitle: `${word} Operator (draft)` };
}

/** An account package (the seed request's shape) in a fresh account. */
export async function seedAccountPackage(api, account = randomUUID()) {
  const created = await api('POST', `/accounts/${account}/core/v1/packages`, {
    type: 'application/astra-package',
    version: '1.0',
    packageName: `acc-${randomUUID().slice(0, 6)}`,
    packageVersion: '22.09.1',
    packageType: 'patch',
    severityLevel: 'recommended',
    images: [{ imagePath: '/globalcicd/acc', imageName: 'storage-provider', imageTag: '1.3.116', imageDigest: `sha256:${'2e04d178'.repeat(8)}` }],
    files: [{ fileName: 'acc_min.yaml', fileIdentifier: 'acc_min', fileMediaType: 'application/x-yaml', fileContents: Buffer.from('kind: Config\n').toString('base64') }],
    dependencies: [{ componentName: 'kubernetes', componentMinVersion: 'v1.19.7', componentMaxVersion: 'v1.22' }],
  });
  return { account, id: created.body.id, name: created.body.packageName };
}
