// Child processes of `npm start`: output prefixed by name (or kept quiet), the last lines kept
// for error messages, readiness waits that fail fast when the child exits, and a bounded stop.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const TAIL_LINES = 40;
const COLORS = [36, 35, 33, 32, 34];
let nextColor = 0;

export function spawnChild({ name, command, args, env = process.env, echo = true }) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const color = COLORS[nextColor++ % COLORS.length];
  const label = process.stdout.isTTY ? `\x1b[${color}m${name.padEnd(18)} |\x1b[0m` : `${name.padEnd(18)} |`;
  const handle = { name, child, tail: [], listeners: new Set() };
  const onLine = (line) => {
    handle.tail.push(line);
    if (handle.tail.length > TAIL_LINES) handle.tail.shift();
    if (echo) console.log(`${label} ${line}`);
    for (const listener of handle.listeners) listener(line);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  handle.exited = new Promise((resolve) => {
    child.once('error', (err) => resolve({ code: null, signal: null, error: err }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  handle.running = () => child.exitCode === null && child.signalCode === null;
  handle.fail = (message) => new Error(`${message}\n--- last lines of ${name} ---\n${handle.tail.join('\n') || '(no output)'}`);
  handle.waitForLine = (pattern, timeoutMs) => waitForLine(handle, pattern, timeoutMs);
  handle.waitForHttp = (url, timeoutMs) => waitForHttp(handle, url, timeoutMs);
  handle.stop = (timeoutMs = 10_000) => stopChild(handle, timeoutMs);
  return handle;
}

/** Races `probe` against the child's exit and a timeout; `what` completes "… before it …". */
function raceExit(handle, timeoutMs, what, probe) {
  return new Promise((resolve, reject) => {
    const timeout = () => finish(reject, handle.fail(`${handle.name}: ${timeoutMs / 1000} s passed before it ${what}`));
    const timer = setTimeout(timeout, timeoutMs);
    let done = false;
    const finish = (settle, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle(value);
    };
    handle.exited.then(({ code, signal, error }) => {
      const how = error ? error.message : `exited (${signal ?? `code ${code}`})`;
      finish(reject, handle.fail(`${handle.name}: ${how} before it ${what}`));
    });
    probe((value) => finish(resolve, value), () => done);
  });
}

function waitForLine(handle, pattern, timeoutMs) {
  return raceExit(handle, timeoutMs, 'was ready', (resolve) => {
    const listener = (line) => {
      if (!pattern.test(line)) return;
      handle.listeners.delete(listener);
      resolve();
    };
    handle.listeners.add(listener);
  });
}

function waitForHttp(handle, url, timeoutMs) {
  return raceExit(handle, timeoutMs, `answered 2xx on ${url}`, async (resolve, settled) => {
    while (!settled()) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return resolve();
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
async function stopChild(handle, timeoutMs) {
  if (!handle.running()) return handle.exited;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.log(`${handle.name} did not stop within ${timeoutMs / 1000} s; killing it`);
    handle.child.kill('SIGKILL');
  }, timeoutMs);
  try {
    return await handle.exited;
  } finally {
    clearTimeout(timer);
  }
}
