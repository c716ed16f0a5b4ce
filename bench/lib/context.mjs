// Settings of a run (quick or full) and the helpers every scenario shares.
import { summarize } from './stats.mjs';

export const PARTS = ['ceilings', 'peer', 'system', 'catchup', 'search', 'webhooks'];

/** The command line of bench/run.mjs (scripts/lib/command-line.mjs): strict, so a typo never starts a full run. */
export const BENCH_COMMAND_LINE = {
  name: 'bench',
  usage: `usage: npm run bench -- [--quick] [--runs=N] [--only=${PARTS.join(',')}]

The SPEC section 9 benchmark: starts its own nats-server and Postgres (DATABASE_URL's server if set,
else embedded), the services and the load as separate processes, and writes bench/results/
(<timestamp>.json, latest.json, report.md, chart.svg).
  --quick      one run per figure, 5 s loads, 100 k events (3–5 minutes; report-quick.md)
  --runs=N     runs per figure (default 3, or 1 with --quick)
  --only=...   a comma-separated subset of ${PARTS.join(', ')}
BENCH_CPU_PROF=1 writes CPU profiles of the command service and the catch-up projector.`,
  options: { quick: { type: 'boolean' }, runs: { type: 'string' }, only: { type: 'string' } },
  validate: ({ values }) => {
    if (values.runs !== undefined && !/^[1-9]\d*$/.test(values.runs)) return `--runs must be a positive integer, got '${values.runs}'`;
    const unknown = values.only?.split(',').filter((part) => !PARTS.includes(part)) ?? [];
    return unknown.length > 0 ? `--only: unknown part(s) ${unknown.join(', ')}; choose from ${PARTS.join(', ')}` : undefined;
  },
};

/** Settings from the parsed command line (`{ quick, runs, only }`). */
export function settings(values) {
  const quick = values.quick === true;
  const only = values.only?.split(',');
  return {
    mode: quick ? 'quick' : 'full',
    runs: values.runs ? Number(values.runs) : quick ? 1 : 3,
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
