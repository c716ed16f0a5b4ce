import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reapProcesses } from './reaper.js';
import { waitUntil } from './wait.js';

/** The repository root, whether this runs from test/ (type check) or compiled in dist/test/. */
export const ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

export type ProcessSpec = {
  name: string;
  /** Script under the repository root, e.g. `dist/apps/command-service/src/main.js`. */
  script: string;
  env: () => Record<string, string>;
  /** URL that answers 2xx once the process serves. */
  healthUrl?: string;
  /** For a process without a health URL (a subscriber): what it prints once it serves. */
  readyOutput?: RegExp;
  onOutput?: (chunk: string) => void;
};

/**
 * A child process the chaos loop may SIGKILL at any moment and that is restarted on the same
 * settings. A start that fails (its dependency is down too) is retried until `startTimeoutMs`.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private tail = '';
  /** What the current child printed since it was spawned. */
  private spawnOutput = '';
  /** 'up' = serving and supervised: an exit nobody asked for is counted and restarted, as a supervisor would. */
  private state: 'idle' | 'starting' | 'up' | 'down' = 'idle';
  private restarting: Promise<void> | undefined;
  kills = 0;
  /** False for a process a scenario lets die on purpose (a failpoint): it stays down. */
  supervised = true;
  /** Exits nobody caused (the process crashed by itself), each with the end of its output. */
  readonly unexpectedExits: string[] = [];
  /** Milliseconds from each kill to the restarted process answering its health URL. */
  readonly recoveries: number[] = [];

  constructor(private readonly spec: ProcessSpec) {
    reapProcesses(() => (this.running && this.child?.pid ? [this.child.pid] : []));
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The current child's process id (a restarted process has a new one). */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  output(): string {
    return this.tail;
  }

  async start(startTimeoutMs = 60_000, extraEnv: Record<string, string> = {}): Promise<void> {
    if (this.running) throw new Error(`${this.spec.name} is already running`);
    const deadline = Date.now() + startTimeoutMs;
    this.state = 'starting';
    for (;;) {
      this.spawnOnce(extraEnv);
      try {
        await this.waitServing(Math.max(1000, deadline - Date.now()));
        this.state = 'up';
        return;
      } catch (err) {
        if (this.running || Date.now() >= deadline) throw new Error(`${this.spec.name} did not start: ${String(err)}\n${this.tail.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }

  /** SIGKILL, then start again; records the time until it serves. */
  async crashAndRestart(extraEnv: Record<string, string> = {}): Promise<void> {
    await this.restarting;
    const at = Date.now();
    await this.kill();
    await this.start(90_000, extraEnv);
    this.recoveries.push(Date.now() - at);
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.state = 'down';
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.kills++;
  }

  /** Graceful stop (SIGTERM), for the end of a run. */
  async stop(): Promise<void> {
    const child = this.child;
    this.state = 'down';
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Spawns with `extraEnv` (a failpoint) and waits for the process to die by itself; false on timeout. */
  async runUntilExit(extraEnv: Record<string, string>, timeoutMs: number): Promise<boolean> {
    await this.restarting;
    await this.kill();
    this.spawnOnce(extraEnv);
    const exited = this.exited().then(() => true);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([exited, timeout]);
  }

  /** Resolves when the process exits by itself (a failpoint fired). */
  exited(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  private spawnOnce(extraEnv: Record<string, string>): void {
    const env = { PATH: process.env.PATH ?? '', ...this.spec.env(), ...extraEnv };
    const child = spawn(process.execPath, [this.spec.script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.spawnOutput = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      this.tail = (this.tail + text).slice(-20_000);
      if (this.child === child) this.spawnOutput = (this.spawnOutput + text).slice(-20_000);
      this.spec.onOutput?.(text);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code, signal) => this.onExit(child, code ?? signal));
    this.child = child;
  }

  private onExit(child: ChildProcess, how: number | string | null): void {
    if (this.child !== child || this.state !== 'up' || !this.supervised) return;
    this.unexpectedExits.push(`exit ${how}: ${this.tail.slice(-1500)}`);
    this.restarting = this.start(90_000)
      .catch((err: unknown) => void this.unexpectedExits.push(`restart failed: ${String(err)}`))
      .finally(() => (this.restarting = undefined));
  }

  private async waitServing(timeoutMs: number): Promise<void> {
    const { healthUrl: url, readyOutput } = this.spec;
    await waitUntil(async () => {
      if (!this.running) return true;
      if (url) return (await fetch(url).catch(() => undefined))?.ok === true;
      return readyOutput === undefined || readyOutput.test(this.spawnOutput);
    }, timeoutMs, `${this.spec.name} serving`, 100);
    if (!this.running) throw new Error(`${this.spec.name} exited while starting`);
  }
}
