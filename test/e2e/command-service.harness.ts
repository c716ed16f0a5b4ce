import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import type { Role } from '../../libs/http/src/auth/principal.js';
import { freePort } from '../support/nats-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SECRET = 'e2e-secret-that-is-at-least-32-bytes-long';

const SERVICES = {
  'command-service': { entry: 'dist/apps/command-service/src/main.js', portKey: 'COMMAND_PORT' },
  'projection-service': { entry: 'dist/apps/projection-service/src/main.js', portKey: 'QUERY_PORT' },
  gateway: { entry: 'dist/apps/gateway/src/main.js', portKey: 'GATEWAY_PORT' },
} as const;
export type ServiceName = keyof typeof SERVICES;

export type ServiceProcess = {
  name: ServiceName;
  baseUrl: string;
  child: ChildProcess;
  /** Resolves with the signal or exit code once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** Everything it wrote, stdout then stderr. */
  output(): string;
  stdout(): string;
  stop(signal?: NodeJS.Signals): Promise<NodeJS.Signals | number | null>;
};
export type CommandProcess = ServiceProcess;

let built = false;

/** The runnable build (swc, seconds): the e2e tests run the service as it ships. */
export function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  built = true;
}

/**
 * Runs the built `name` from dist/ on a free port with only PATH, the test secret and LOG_LEVEL=warn
 * under `env`; resolves once /health/live answers (a process that fails to get there is killed).
 */
export async function startService(name: ServiceName, env: Record<string, string>): Promise<ServiceProcess> {
  buildOnce();
  const { entry, portKey } = SERVICES[name];
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'warn', ...env, [portKey]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const output = () => `${stdout}${stderr}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`);
    return (await fetch(`${baseUrl}/health/live`).catch(() => undefined))?.ok === true;
  }, 30_000, output).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => stopChild({ name, child, exited, output }, signal);
  return { name, baseUrl, child, exited, output, stdout: () => stdout, stop };
}

export const startCommandService = (env: Record<string, string>): Promise<CommandProcess> => startService('command-service', env);

/** How long a service gets to exit after the signal before it counts as hung. */
export const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_TAIL_CHARS = 4_000;

/**
 * Sends `signal` and waits for the exit. A process still running after `timeoutMs` is SIGKILLed
 * (nothing outlives the test) and the stop fails naming it, with the tail of its output, so a
 * hang on shutdown is a diagnosable failure rather than a hook timeout.
 */
export async function stopChild(
  target: { name: string; child: ChildProcess; exited: Promise<NodeJS.Signals | number | null>; output: () => string },
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = STOP_TIMEOUT_MS,
): Promise<NodeJS.Signals | number | null> {
  const { child, exited } = target;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const outcome = await Promise.race([exited, late]).finally(() => clearTimeout(timer));
  if (outcome !== 'late') return outcome;
  child.kill('SIGKILL');
  await exited;
  throw new Error(`${target.name} did not exit within ${timeoutMs} ms of ${signal}; killed. Output tail:\n${target.output().slice(-OUTPUT_TAIL_CHARS)}`);
}

/** Polls `check` until it holds; fails with `describe()` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms\n${describe()}`);
}

export const tokenFor = (role: Role, sub = '7d4b1b0e-6f6e-4c52-9d55-0f6f2f1c9a10'): Promise<string> =>
  signDevToken({ secret: SECRET, sub, role, ttl: '10m' });

export type Answer = { status: number; headers: Headers; body: unknown };

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** The events of the whole stream, as a subscriber would see them. */
export async function streamEvents(natsUrl: string, stream: string): Promise<{ type: string; subject: string; id: string; data: Record<string, unknown> }[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const events = [];
    for (let seq = 1; seq <= last; seq++) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      if (msg) events.push(msg.json<{ type: string; subject: string; id: string; data: Record<string, unknown> }>());
    }
    return events;
  } finally {
    await nc.close();
  }
}
