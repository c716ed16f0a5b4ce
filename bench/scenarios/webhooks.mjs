// The §9 webhook row: append → received latency at 200 events/s to 10 endpoints, and delivery
// throughput of a backlog to one endpoint beside a raw keep-alive POST loop to the same receiver.
import { createServer } from 'node:http';
import { runWorker } from '../lib/child.mjs';
import { across, attempt, log, repeat } from '../lib/context.mjs';
import { freePort } from '../lib/infra.mjs';
import { SERVICE_NODE_FLAGS, startService } from '../lib/services.mjs';
import { latencySummary } from '../lib/stats.mjs';

const ENDPOINTS = 10;
const RATE = 200;
const BACKLOG = 3_000;
/** The engine's aggregates in flight per webhook (WEBHOOK_ENDPOINT_IN_FLIGHT): the raw loop gets as many connections. */
const IN_FLIGHT = 16;
/** Counted passes of the raw loop, after one that warms its connections: the median is the reference. */
const RAW_PASSES = 3;

export async function webhookDelivery(cfg, env) {
  return attempt('webhook delivery', async () => {
    const port = await freePort();
    const command = await startService({
      name: 'command-service-webhooks',
      entry: 'apps/command-service/src/main.ts',
      port,
      env: { ...env.common, NATS_URL: env.natsUrl, COMMAND_PORT: String(port), EVENT_STREAM: 'ARTIFACTS', WEBHOOK_ALLOW_PRIVATE: 'true', VERIFIER_ENABLED: 'false', WEBHOOK_ENDPOINT_IN_FLIGHT: String(IN_FLIGHT) },
      nodeArgs: [...SERVICE_NODE_FLAGS, ...(env.commandNodeArgs ?? [])],
    });
    const receivers = await Promise.all(Array.from({ length: ENDPOINTS }, () => startReceiver()));
    try {
      const api = client(command.url, env.token);
      const hooks = [];
      for (const receiver of receivers) hooks.push(await api('POST', '/webhooks', { url: receiver.url, types: ['catalog.PackageCreated'] }));
      await api('POST', '/packages', { title: 'warm-up', system: 'helm' });
      await waitFor(() => receivers.every((r) => r.count > 0), 20_000, 'the webhooks to start');
      const latency = await repeat(cfg, async (i) => {
        log(`webhooks: ${RATE} creates/s for ${cfg.durationS} s to ${ENDPOINTS} endpoints, after ${cfg.warmupS} s of warm-up (run ${i + 1})`);
        for (const r of receivers) r.samples = [];
        const warm = await steadyCreates(api, RATE, cfg.warmupS);
        await waitFor(() => receivers.every((r) => r.samples.length >= warm), 60_000, 'the warm-up deliveries');
        for (const r of receivers) r.samples = [];
        const sent = await steadyCreates(api, RATE, cfg.durationS);
        await waitFor(() => receivers.every((r) => r.samples.length >= sent), 60_000, 'every delivery');
        return { sent, ...latencySummary(receivers.flatMap((r) => r.samples)) };
      });
      for (const hook of hooks) await api('DELETE', `/webhooks/${hook.id}`);
      const throughput = await repeat(cfg, (i) => backlogThroughput(api, receivers[0], i, command.url));
      return {
        endpoints: ENDPOINTS,
        rate: RATE,
        p50Ms: across(latency, (x) => x.p50),
        p99Ms: across(latency, (x) => x.p99),
        perSec: across(throughput, (x) => x.perSec),
        rawPerSec: across(throughput, (x) => x.rawPerSec),
        latencyRuns: latency,
        throughputRuns: throughput,
      };
    } finally {
      for (const r of receivers) await r.close();
      await command.stop();
    }
  });
}

/** BACKLOG creates first, then a new webhook replays them from their first position: deliveries/s. */
async function backlogThroughput(api, receiver, i, serviceUrl) {
  log(`webhooks: backlog of ${BACKLOG} to one endpoint, and the raw loop (run ${i + 1})`);
  const first = await api('POST', '/packages', { title: 'backlog', system: 'helm' });
  await pool(BACKLOG - 1, 32, () => api('POST', '/packages', { title: 'backlog', system: 'helm' }));
  const hook = await api('POST', '/webhooks', { url: receiver.url, types: ['catalog.PackageCreated'] });
  receiver.count = 0;
  const started = performance.now();
  await api('POST', `/webhooks/${hook.id}/replay`, { from: first.position });
  await waitFor(() => receiver.count >= BACKLOG, 120_000, 'the backlog').catch(async (err) => {
    // What the engine says of its webhooks, before the service is stopped: which one is behind, by how much.
    const metrics = await fetch(`${serviceUrl}/metrics`).then((res) => res.text()).catch(() => '');
    const lines = metrics.split('\n').filter((line) => /^webhook_(lag|engine|deliver)/.test(line));
    throw new Error(`${err.message} (${receiver.count} of ${BACKLOG} received; ${lines.join('; ') || 'no webhook metrics'})`);
  });
  const perSec = BACKLOG / ((performance.now() - started) / 1000);
  await api('DELETE', `/webhooks/${hook.id}`);
  // From a process of its own, as the engine is: the receiver's process never runs the sender too.
  const raw = await runWorker('load/raw-post.worker.mjs', { url: receiver.url, body: receiver.lastBody ?? '{}', total: BACKLOG, connections: IN_FLIGHT, passes: RAW_PASSES });
  return { perSec, rawPerSec: raw.perSec, rawPasses: raw.passes };
}

async function steadyCreates(api, rate, seconds) {
  const perTick = rate / 20;
  const ticks = seconds * 20;
  const pending = [];
  for (let t = 0; t < ticks; t++) {
    for (let n = 0; n < perTick; n++) pending.push(api('POST', '/packages', { title: 'hook', system: 'helm' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await Promise.all(pending);
  return pending.length;
}

function client(base, token) {
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return { ...(text ? JSON.parse(text) : {}), position: Number(res.headers.get('x-consistency-token')) };
  };
}

/** A receiver answering 204; latency = receipt time − the event's `time` (when its command was decided, just before the append). */
async function startReceiver() {
  const receiver = { count: 0, samples: [], lastBody: undefined };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (req.headers['webhook-signature']) {
        receiver.count++;
        receiver.lastBody = text;
        receiver.samples.push(Date.now() - Date.parse(JSON.parse(text).time));
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${server.address().port}/hook`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

async function pool(total, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next++ < total) await fn(); }));
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
