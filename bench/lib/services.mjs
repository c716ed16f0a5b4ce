// Services as child processes: started from the bench build, ready when /health/ready answers 200.
// Ours run with the V8 flags they are deployed with (SERVICE_NODE_FLAGS); the references (the CRUD
// peer, the trivial endpoint) with Node's defaults.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtEntry } from './build.mjs';
import { workDir } from './paths.mjs';

export { SERVICE_NODE_FLAGS } from '../../scripts/lib/node-flags.mjs';

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts `node <entry>` with `env` (on top of PATH/HOME only, so the caller's DATABASE_URL etc. never
 * leak in), logs to bench/.work/logs/<name>.log, and waits for `readyPath` on `port`.
 */
export async function startService({ name, entry, env, port, readyPath = '/health/ready', nodeArgs = [] }) {
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production' };
  const child = spawn(process.execPath, [...nodeArgs, builtEntry(entry)], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  try {
    await waitReady(`${url}${readyPath}`, exited);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${name}: ${err.message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`);
  }
  const stop = async (signal = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.kill(signal);
    await exited;
    clearTimeout(timer);
  };
  return { name, url, pid: child.pid, bootMs: Date.now() - started, logFile, exited, stop };
}

async function waitReady(url, exited) {
  let gone;
  void exited.then((how) => (gone = how));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (gone) throw new Error(`exited before ready (code ${gone.code}, signal ${gone.signal})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS} ms (${last})`);
}

const tail = (file) => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
};

/** VmRSS of a process in MB, or undefined once it is gone. */
export function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples RSS every `everyMs` until `stop()`, which returns {start, end, max, samples}. */
export function sampleRss(pid, everyMs = 250) {
  const samples = [];
  const take = () => {
    const mb = rssMb(pid);
    if (mb !== undefined) samples.push(mb);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const r = (x) => Math.round(x * 10) / 10;
      return { startMb: r(samples[0] ?? 0), endMb: r(samples.at(-1) ?? 0), maxMb: r(Math.max(0, ...samples)), samples: samples.length };
    },
  };
}
