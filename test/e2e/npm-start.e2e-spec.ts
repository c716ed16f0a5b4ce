import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, waitFor } from './command-service.harness.js';

// Issue 7 / SPEC §8: `npm start` on a fresh clone with nothing configured brings the system up
// (its own nats-server and embedded Postgres), prints a token that works through the gateway, and
// leaves no process behind after Ctrl-C. The clone is the committed tree (git archive) with the
// repository's node_modules linked in: as after `npm ci`, without reinstalling.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 180_000;

let clone: string;
let launcher: ChildProcess | undefined;
let output = '';

/** Pids whose command line mentions the clone (its nats-server, Postgres, services, launcher). */
function processesIn(dir: string): { pid: number; cmd: string }[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return [];
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return cmd.includes(dir) ? [{ pid: Number(entry), cmd }] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'ar-npm-start-'));
  const archive = spawnSync('sh', ['-c', `git archive --format=tar HEAD | tar -x -C "${clone}"`], { cwd: ROOT, encoding: 'utf8' });
  if (archive.status !== 0) throw new Error(`cannot copy the repository: ${archive.stderr}`);
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
});

afterAll(async () => {
  if (launcher?.pid && launcher.exitCode === null && launcher.signalCode === null) process.kill(-launcher.pid, 'SIGKILL');
  // Whatever a failed run left behind was started by this test in the clone: end it by pid.
  for (const { pid } of processesIn(clone)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(clone, { recursive: true, force: true });
});

type Launched = { gateway: string; token: string; stop(): Promise<void> };

/** `npm start` in the clone with only what a shell has: no NATS_URL, DATABASE_URL, AUTH_* or ports. */
async function npmStart(): Promise<Launched> {
  output = '';
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? clone, LANG: 'C.UTF-8' };
  const child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  launcher = child;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tail = () => output.slice(-4000);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${tail()}`);
    return /Press Ctrl-C to stop everything/.test(output);
  }, START_TIMEOUT_MS, tail);
  const gateway = /gateway\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  const token = /export TOKEN=(\S+)/.exec(output)?.[1];
  if (!gateway || !token) throw new Error(`no gateway URL or token printed:\n${tail()}`);
  const stop = async () => {
    process.kill(-(child.pid as number), 'SIGINT'); // what Ctrl-C sends to the terminal's process group
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error(`npm start did not stop:\n${tail()}`)), 90_000)));
    await Promise.race([exited, late]).finally(() => clearTimeout(timer));
  };
  return { gateway, token, stop };
}

it(
  'npm start with nothing configured: token printed, a Package created and read back through the gateway, nothing left after Ctrl-C, data kept for the next start',
  async () => {
    const first = await npmStart();
    expect(output).toMatch(/NATS\s+nats:\/\/127\.0\.0\.1:\d+ \(nats-server/);
    expect(output).toMatch(/Postgres\s+postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/\S+ \(embedded/);
    const alias = `npm-start-${Date.now()}`;
    const created = await call(first.gateway, 'POST', '/packages', { token: first.token, body: { title: 'Argo Workflows', system: 'helm', aliases: [alias] } });
    expect(created.status).toBe(201);
    const consistency = created.headers.get('x-consistency-token') ?? '';
    const read = await call(first.gateway, 'GET', `/packages/${alias}/`, { token: first.token, headers: { 'x-consistency-token': consistency } });
    expect([read.status, read.body, read.headers.get('etag')]).toEqual([200, created.body, created.headers.get('etag')]);
    expect(processesIn(clone).length).toBeGreaterThanOrEqual(3);
    // The console link carries the same token in its fragment, and the gateway serves the built console.
    expect(output).toContain(`${first.gateway}/console/#token=${first.token}`);
    const page = await fetch(`${first.gateway}/console/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);

    await first.stop();
    await waitFor(async () => processesIn(clone).length === 0, 10_000, () => JSON.stringify(processesIn(clone), null, 1));
    expect(output).toContain('npm start: stopped');

    const second = await npmStart();
    const again = await call(second.gateway, 'GET', `/packages/${alias}/`, { token: second.token, headers: { 'x-consistency-token': consistency } });
    expect([again.status, again.body]).toEqual([200, created.body]);
    await second.stop();
    await waitFor(async () => processesIn(clone).length === 0, 10_000, () => JSON.stringify(processesIn(clone), null, 1));
  },
  2 * START_TIMEOUT_MS + 60_000,
);
