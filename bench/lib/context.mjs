// Settings of a run (quick or full) and the helpers every scenario shares.
import { summarize } from './stats.mjs';

export function settings(argv) {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const runsArg = argv.find((a) => a.startsWith('--runs='));
  return {
    mode: quick ? 'quick' : 'full',
    runs: runsArg ? Number(runsArg.slice(7)) : quick ? 1 : 3,
    durationS: quick ? 5 : 10,
    warmupS: quick ? 2 : 3,
    events: quick ? 100_000 : 1_000_000,
    rywRate: 1000,
    createConnections: 64,
    getConnections: 50,
    searchConnections: 10,
    poolSize: 16,
    batchSize: 500,
    only,
  };
}

export const wanted = (cfg, name) => !cfg.only || cfg.only.includes(name);

/** Runs `fn(i)` cfg.runs times and returns the raw results. */
export async function repeat(cfg, fn) {
  const out = [];
  for (let i = 0; i < cfg.runs; i++) out.push(await fn(i));
  return out;
}

/** Median/min/max of one numeric field across raw run results. */
export const across = (runs, pick) => summarize(runs.map(pick));

export const notMeasured = (reason) => ({ notMeasured: reason });

export const log = (...parts) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);

/** Runs a step; a failure becomes "not measured" with its reason instead of ending the run. */
export async function attempt(name, fn) {
  try {
    return await fn();
  } catch (err) {
    // The first line, and the first line that names an error when the first one does not.
    const lines = err.message.split('\n').map((line) => line.trim());
    const cause = lines.slice(1).find((line) => /^\w*error:/i.test(line));
    const reason = cause && !/error/i.test(lines[0] ?? '') ? `${lines[0]} ${cause}` : (lines[0] ?? 'failed');
    log(`${name}: not measured: ${reason}`);
    return notMeasured(reason);
  }
}
