#!/usr/bin/env node
// The cost of `sync_interval: always` (deploy/nats/*.conf): JetStream appends per second against a
// private nats-server with the default (fsync every 2 min) and with always (fsync before every ack),
// in the same run, alternating, each on a fresh file store on the repository's disk (not a tmpfs).
// Appends are the event stream's: an expected subject sequence, a message id, a ~1 KiB CloudEvent;
// one at a time (one client's create) and 100 subjects in parallel (a loaded command service).
// Needs nats-server 2.10 or later: NATS_SERVER_BIN="$(scripts/nats-server-2.10.sh)" node bench/sync-interval.mjs
// Options (environment): SYNC_BENCH_SECONDS (per measurement, default 5), SYNC_BENCH_ROUNDS (default 2).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort } from '../scripts/lib/local-servers.mjs';
import { natsServerBinary } from '../scripts/lib/nats-binary.mjs';
import { root } from '../scripts/lib/paths.mjs';
import { build } from './lib/build.mjs';

// The envelope comes from the compiled libs (bench/.work/build), built first.
build();
const { ensureStream, packageCreated, streamConfig } = await import('./lib/events.mjs');

const SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.SYNC_BENCH_ROUNDS ?? 2);
const work = join(root, 'bench', '.work');
mkdirSync(work, { recursive: true });

async function startServer(syncAlways) {
  const dir = mkdtempSync(join(work, 'sync-'));
  const port = await freePort();
  const conf = join(dir, 'nats.conf');
  writeFileSync(conf, `listen: 127.0.0.1:${port}\njetstream {\n  store_dir: ${JSON.stringify(join(dir, 'js'))}\n${syncAlways ? '  sync_interval: always\n' : ''}}\n`);
  const child = spawn(natsServerBinary(), ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    let log = '';
    child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${log}`)));
    child.stderr.on('data', (chunk) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) resolve();
    });
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `nats://127.0.0.1:${port}`, stop };
}

async function appendLoop(js, subjectFor, deadline, lastSeq) {
  let count = 0;
  while (performance.now() < deadline) {
    const ev = packageCreated(count);
    const subject = subjectFor(ev);
    const ack = await js.publish(subject, ev.payload, { msgID: ev.headers['Nats-Msg-Id'], expect: { lastSubjectSequence: lastSeq.get(subject) ?? 0 } });
    lastSeq.set(subject, ack.seq);
    count += 1;
  }
  return count;
}

async function measure(syncAlways) {
  const server = await startServer(syncAlways);
  const nc = await connect({ servers: server.url });
  try {
    await ensureStream(await jetstreamManager(nc), streamConfig({ name: 'SYNC_BENCH', replicas: 1, duplicateWindowMs: 120_000 }));
    const js = jetstream(nc);
    let t = performance.now();
    const serial = await appendLoop(js, (ev) => `artifacts.catalog.${ev.id}`, t + SECONDS * 1000, new Map());
    const serialPerSec = serial / ((performance.now() - t) / 1000);
    t = performance.now();
    const lastSeq = new Map();
    const counts = await Promise.all(Array.from({ length: 100 }, (_, i) => appendLoop(js, () => `artifacts.catalog.pkg_s${i}`, t + SECONDS * 1000, lastSeq)));
    const parallelPerSec = counts.reduce((a, b) => a + b, 0) / ((performance.now() - t) / 1000);
    return { serialPerSec, parallelPerSec };
  } finally {
    await nc.close();
    await server.stop();
  }
}

const version = await new Promise((resolve) => {
  const child = spawn(natsServerBinary(), ['--version']);
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.on('exit', () => resolve(out.trim()));
});
const results = { default: [], always: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of round % 2 === 0 ? ['default', 'always'] : ['always', 'default']) {
    const result = await measure(mode === 'always');
    results[mode].push(result);
    console.error(`round ${round + 1} ${mode.padEnd(7)} serial ${result.serialPerSec.toFixed(0)}/s, 100 parallel ${result.parallelPerSec.toFixed(0)}/s`);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = Object.fromEntries(
  Object.entries(results).map(([mode, runs]) => [mode, { serialPerSec: median(runs.map((r) => r.serialPerSec)), parallelPerSec: median(runs.map((r) => r.parallelPerSec)) }]),
);
const ratio = (key) => summary.always[key] / summary.default[key];
console.log(JSON.stringify({ server: version, secondsPerMeasurement: SECONDS, rounds: ROUNDS, ...summary, alwaysOverDefault: { serial: ratio('serialPerSec'), parallel: ratio('parallelPerSec') } }, null, 2));
