#!/usr/bin/env node
// The §9 benchmark: `node bench/run.mjs [--quick] [--runs=N] [--only=ceilings,peer,system,catchup,search,webhooks]`
// (`--help` for the details; an unknown flag is refused before anything starts).
// Starts its own nats-server and Postgres (DATABASE_URL's server if set, else embedded), the services
// as child processes and the load as separate processes; writes bench/results/<timestamp>.json,
// latest.json, report.md and chart.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine } from '../scripts/lib/command-line.mjs';
import { build } from './lib/build.mjs';
import { attempt, BENCH_COMMAND_LINE, log, settings, wanted } from './lib/context.mjs';
import { startNats, startPostgres } from './lib/infra.mjs';
import { sampleMachineLoad } from './lib/machine-load.mjs';
import { resultsDir, workDir } from './lib/paths.mjs';
import { writeReport } from './lib/report.mjs';
import { adminToken, secret } from './lib/tokens.mjs';
import { catchUp } from './scenarios/catch-up.mjs';
import { jetstreamAppends, postgresRaw, trivialEndpoint } from './scenarios/ceilings.mjs';
import { getById } from './scenarios/reads.mjs';
import { searchAndAsOf } from './scenarios/search.mjs';
import { webhookDelivery } from './scenarios/webhooks.mjs';
import { ourCreates, peerCreates, readYourWrites, withSystem } from './scenarios/writes.mjs';

const cfg = settings(parseCommandLine(process.argv.slice(2), BENCH_COMMAND_LINE).values);
const startedAt = new Date();
const loadAtStart = loadavg();
const machineLoad = sampleMachineLoad();
mkdirSync(workDir, { recursive: true });
log(`mode ${cfg.mode}: ${cfg.runs} run(s) of ${cfg.durationS} s, ${cfg.events} events; build`);
const buildMs = build();

const nats = await startNats();
const postgres = await startPostgres();
const env = {
  natsUrl: nats.url,
  pgAdminUrl: postgres.adminUrl,
  common: { AUTH_JWT_SECRET: secret, LOG_LEVEL: 'warn' },
  commandNodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'profiles', 'command-service')}`] : [],
  projectionNodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'profiles', 'projection-catch-up')}`] : [],
};
env.token = await adminToken();

const results = {};
/** Runs one part of the bench when --only wants it, marking it in the machine-load samples. */
const part = async (name, fn) => {
  if (!wanted(cfg, name)) return;
  machineLoad.part(name);
  Object.assign(results, await fn());
};
try {
  await part('ceilings', async () => ({
    jetstreamAppends: await jetstreamAppends(cfg, env),
    postgres: await postgresRaw(cfg, env),
    trivial: await trivialEndpoint(cfg, env),
  }));
  await part('peer', async () => ({ peer: await peerCreates(cfg, env) }));
  await part('system', () =>
    withSystem(cfg, env, async (system) => ({
      creates: await ourCreates(cfg, env, system),
      readYourWrites: await readYourWrites(cfg, env, system),
    })).catch((err) => ({ creates: { notMeasured: err.message.split('\n').slice(0, 6).join(' | ') } })),
  );
  await part('catchup', async () => ({ catchUp: await catchUp(cfg, env, { getById }) }));
  await part('search', async () => ({ searchAndAsOf: await attempt('search and as_of', () => searchAndAsOf(cfg, env)) }));
  await part('webhooks', async () => ({ webhooks: await webhookDelivery(cfg, env) }));
} finally {
  await nats.stop();
  await postgres.stop();
}

const run = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  settings: cfg,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version, postgres: postgres.kind,
    loadAverage: { atStart: loadAtStart.map((x) => Math.round(x * 100) / 100), atEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
    loadDuringRun: machineLoad.stop() },
  buildMs,
  results,
};
mkdirSync(resultsDir, { recursive: true });
const stamp = run.startedAt.replace(/[:.]/g, '-');
writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(run, null, 2)}\n`);
// A run of some groups only (--only), or of all in quick mode, keeps its own latest and report beside
// the full run's: report.md is always the full mode's.
const suffix = cfg.only ? `-${cfg.only.join('-')}` : cfg.mode === 'quick' ? '-quick' : '';
writeFileSync(join(resultsDir, `latest${suffix}.json`), `${JSON.stringify(run, null, 2)}\n`);
const report = writeReport(run, resultsDir, `${stamp}.json`, `report${suffix}`);
log(`done in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s: ${report}`);
