#!/usr/bin/env node
// CPU per create, A/B: `node bench/ab-creates.mjs <buildA> <buildB> [--rounds=3] [--keys] [--seconds=6]`.
// Each build is a swc output of apps/ and libs/ (as bench/lib/build.mjs makes). Rounds alternate
// A, B, A, B … ; each round starts that build's command service on a fresh nats-server (no projection
// service), warms it for 2 s, then loads it with 64 keep-alive connections of distinct-alias creates
// (`--keys`: each with its own Idempotency-Key) and reads the service's utime + stime from
// /proc/<pid>/stat around the measured load. Prints per round and the medians: creates/s, CPU µs per
// 201, p50/p99 ms. On a shared machine compare the CPU per create, and the ratios of the same rounds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runWorker } from './lib/child.mjs';
import { freePort, startNats } from './lib/infra.mjs';
import { adminToken, secret } from './lib/tokens.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '3' }, keys: { type: 'boolean', default: false }, seconds: { type: 'string', default: '6' } } });
if (positionals.length !== 2) {
  console.error('usage: node bench/ab-creates.mjs <buildA> <buildB> [--rounds=3] [--keys] [--seconds=6]');
  process.exit(2);
}
const builds = positionals.map((p) => resolve(p));
const token = await adminToken();
const cpuTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
};
const TICK_US = 10_000; // USER_HZ = 100

async function round(build, label) {
  const nats = await startNats();
  const port = await freePort();
  const child = spawn(process.execPath, [`${build}/apps/command-service/src/main.js`], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', AUTH_JWT_SECRET: secret, LOG_LEVEL: 'warn', NATS_URL: nats.url, COMMAND_PORT: String(port), EVENT_STREAM: 'ARTIFACTS' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error(`${label}: not ready`);
      if (await fetch(`${url}/health/ready`).then((r) => r.status === 200, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const load = { url, token, connections: 64, kind: 'create', idempotencyKeys: values.keys };
    await runWorker('load/cannon.worker.mjs', { ...load, durationS: 2, aliasPrefix: `ab-${label.toLowerCase()}-warm-${Date.now()}` });
    const before = cpuTicks(child.pid);
    const r = await runWorker('load/cannon.worker.mjs', { ...load, durationS: Number(values.seconds), aliasPrefix: `ab-${label.toLowerCase()}-${Date.now()}` });
    const cpuUs = ((cpuTicks(child.pid) - before) * TICK_US) / r.ok;
    return { label, okPerSec: Math.round(r.okPerSec), cpuUsPerCreate: Math.round(cpuUs), p50: r.latencyMs.p50, p99: r.latencyMs.p99, non2xx: r.non2xx, errors: r.errors, statusCodes: r.statusCodes };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
    await nats.stop();
  }
}

const results = { A: [], B: [] };
for (let i = 0; i < Number(values.rounds); i++) {
  for (const [label, build] of [['A', builds[0]], ['B', builds[1]]]) {
    const r = await round(build, label);
    results[label].push(r);
    console.log(JSON.stringify(r));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const label of ['A', 'B']) {
  const rs = results[label];
  console.log(`${label} (${builds[label === 'A' ? 0 : 1]}): creates/s ${median(rs.map((r) => r.okPerSec))}, CPU µs/create ${median(rs.map((r) => r.cpuUsPerCreate))}, p50 ${median(rs.map((r) => r.p50))} ms, p99 ${median(rs.map((r) => r.p99))} ms`);
}
