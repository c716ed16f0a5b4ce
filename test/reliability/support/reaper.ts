import { rmSync } from 'node:fs';

/**
 * Whatever a suite started dies with it: on exit (normal, a failed start, Ctrl-C) every process
 * still registered is SIGKILLed and every registered temporary folder removed, so no server of a
 * run outlives it.
 */
const pids = new Set<() => number[]>();
const dirs = new Set<string>();

export function reapProcesses(current: () => number[]): void {
  pids.add(current);
}

export function reapDir(dir: string): void {
  dirs.add(dir);
}

process.once('exit', () => {
  for (const current of pids) {
    for (const pid of current()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
