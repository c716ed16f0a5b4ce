// Ceilings that need no service of ours: raw JetStream appends, raw Postgres upserts and lookups,
// and a trivial endpoint behind the same NestJS + Fastify bootstrap.
import { runWorker } from '../lib/child.mjs';
import { across, attempt, log, repeat } from '../lib/context.mjs';
import { createDatabase, freePort } from '../lib/infra.mjs';
import { sampleRss, startService } from '../lib/services.mjs';

export async function jetstreamAppends(cfg, env) {
  return attempt('jetstream appends', async () => {
    log('ceiling: raw JetStream appends');
    const runs = await repeat(cfg, () => runWorker('ceilings/jetstream.worker.mjs', { mode: 'appends', natsUrl: env.natsUrl, durationS: cfg.durationS }));
    return { runs, serialPerSec: across(runs, (r) => r.serialPerSec), parallelPerSec: across(runs, (r) => r.parallelPerSec) };
  });
}

export async function postgresRaw(cfg, env) {
  return attempt('postgres ceilings', async () => {
    log('ceiling: raw pg upserts and primary-key lookups');
    const db = await createDatabase(env.pgAdminUrl, 'ceiling');
    try {
      const runs = await repeat(cfg, () =>
        runWorker('ceilings/postgres.worker.mjs', {
          databaseUrl: db.url,
          rows: cfg.events,
          batch: cfg.batchSize,
          poolSize: cfg.poolSize,
          inFlight: cfg.getConnections,
          durationS: cfg.durationS,
        }),
      );
      return {
        runs,
        upsertRowsPerSec: across(runs, (r) => r.upsertRowsPerSec),
        lookupsPerSec: across(runs, (r) => r.lookupsPerSec),
        lookupP99Ms: across(runs, (r) => r.latencyMs.p99),
      };
    } finally {
      await db.drop();
    }
  });
}

/** Closed-loop load against `url` (warm-up first, not recorded), RSS of `pid` sampled throughout. */
export async function cannon(cfg, { url, token, pid, connections, ...load }) {
  await runWorker('load/cannon.worker.mjs', { url, token, connections, durationS: cfg.warmupS, ...load, aliasPrefix: `${load.aliasPrefix ?? 'x'}-warm` });
  const rss = sampleRss(pid);
  const runs = await repeat(cfg, (i) =>
    runWorker('load/cannon.worker.mjs', { url, token, connections, durationS: cfg.durationS, ...load, aliasPrefix: `${load.aliasPrefix ?? 'x'}-r${i}` }),
  );
  return {
    runs,
    okPerSec: across(runs, (r) => r.okPerSec),
    p50Ms: across(runs, (r) => r.latencyMs.p50),
    p99Ms: across(runs, (r) => r.latencyMs.p99),
    rss: rss.stop(),
  };
}

export async function trivialEndpoint(cfg, env) {
  return attempt('trivial endpoint', async () => {
    log('ceiling: trivial NestJS + Fastify GET');
    const port = await freePort();
    const service = await startService({ name: 'trivial', entry: 'bench/trivial/trivial.main.ts', port, env: { ...env.common, TRIVIAL_PORT: String(port) } });
    try {
      return await cannon(cfg, { url: service.url, token: env.token, pid: service.pid, connections: cfg.createConnections, kind: 'path', path: '/trivial' });
    } finally {
      await service.stop();
    }
  });
}
