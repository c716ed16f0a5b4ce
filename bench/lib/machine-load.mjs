// The machine's load while the bench runs, sampled every 2 s and summarised for the whole run and for
// each part of it: the 1-minute load average, the share of all CPUs busy (/proc/stat), and the share
// taken by processes outside the bench's own process tree (its services, nats-server, embedded
// Postgres and load generators are inside it), i.e. other work sharing the machine.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { summarize } from './stats.mjs';

const SAMPLE_MS = 2_000;

/** Busy and total jiffies of all CPUs together; undefined where /proc/stat is not readable. */
function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // guest time is already in user
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** CPU jiffies (utime + stime) of every process, and the pids in `root`'s tree. */
function processTimes(root) {
  const byPid = new Map();
  const children = new Map();
  for (const name of readdirSafe('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the state (3rd) on
      const pid = Number(name);
      const ppid = Number(fields[1]);
      byPid.set(pid, Number(fields[11]) + Number(fields[12]));
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(pid);
    } catch {
      // the process ended while being read
    }
  }
  const tree = new Set();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    tree.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return { byPid, tree };
}

function readdirSafe(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Starts sampling; `part(name)` marks where a part of the run begins, `stop()` returns the summary. */
export function sampleMachineLoad() {
  const samples = [];
  let part = 'start';
  let last = cpuTimes();
  let lastProcesses = processTimes(process.pid);
  const timer = setInterval(() => {
    const now = cpuTimes();
    const processes = processTimes(process.pid);
    const elapsed = now && last ? now.total - last.total : 0;
    const busyPct = elapsed > 0 ? (100 * (now.busy - last.busy)) / elapsed : undefined;
    let other = 0;
    for (const [pid, jiffies] of processes.byPid) {
      if (!processes.tree.has(pid)) other += jiffies - (lastProcesses.byPid.get(pid) ?? jiffies);
    }
    // `elapsed` counts every CPU's jiffies, as the per-process figures do.
    const otherPct = elapsed > 0 ? (100 * Math.max(0, other)) / elapsed : undefined;
    last = now;
    lastProcesses = processes;
    samples.push({ part, load1: loadavg()[0], busyPct, otherPct });
  }, SAMPLE_MS);
  timer.unref();
  const summary = (xs) => ({
    samples: xs.length,
    load1: summarize(xs.map((s) => s.load1)),
    busyPct: summarize(xs.map((s) => s.busyPct)),
    otherPct: summarize(xs.map((s) => s.otherPct)),
  });
  return {
    part(name) {
      part = name;
    },
    stop() {
      clearInterval(timer);
      const parts = [...new Set(samples.map((s) => s.part))].filter((name) => name !== 'start');
      return { sampleMs: SAMPLE_MS, cpus: cpus().length, ...summary(samples), byPart: Object.fromEntries(parts.map((name) => [name, summary(samples.filter((s) => s.part === name))])) };
    },
  };
}
