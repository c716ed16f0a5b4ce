// Closed-loop HTTP load (autocannon): N keep-alive connections for D seconds. Bodies and paths are
// generated per request so every create carries a distinct alias and GETs spread over many ids;
// `idempotencyKeys: true` gives every create its own Idempotency-Key.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const config = JSON.parse(process.argv[2]);
const ids = config.idsFile ? JSON.parse(readFileSync(config.idsFile, 'utf8')) : [];
let n = 0;

const createBody = () => {
  n += 1;
  return JSON.stringify({
    title: `Bench package ${n}`,
    system: 'helm',
    aliases: [`${config.aliasPrefix}-${n}`],
    description: 'A package created by the benchmark.',
    versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 30 },
  });
};

const setupRequest = (request) => {
  if (config.kind === 'create' && config.idempotencyKeys) {
    return { ...request, method: 'POST', path: '/packages', body: createBody(), headers: { ...request.headers, 'idempotency-key': randomUUID() } };
  }
  if (config.kind === 'create') return { ...request, method: 'POST', path: '/packages', body: createBody() };
  if (config.kind === 'get-by-id') return { ...request, method: 'GET', path: `/packages/${ids[Math.floor(Math.random() * ids.length)]}/` };
  if (config.kind === 'paths') return { ...request, method: 'GET', path: config.paths[Math.floor(Math.random() * config.paths.length)] };
  return { ...request, method: 'GET', path: config.path };
};

const result = await autocannon({
  url: config.url,
  connections: config.connections,
  duration: config.durationS,
  headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
  requests: [{ setupRequest }],
  timeout: 10,
});

const ok = result['2xx'];
console.log(
  JSON.stringify({
    okPerSec: ok / (result.duration || config.durationS),
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statusCodes: result.statusCodeStats,
  }),
);
