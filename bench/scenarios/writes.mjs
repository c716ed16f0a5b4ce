// Catalog creates (the peer, then our command service with the projector running as deployed) and
// read-your-writes at a steady rate through both services.
import { runWorker } from '../lib/child.mjs';
import { across, attempt, log, notMeasured, repeat } from '../lib/context.mjs';
import { createDatabase, freePort } from '../lib/infra.mjs';
import { SERVICE_NODE_FLAGS, sampleRss, startService } from '../lib/services.mjs';
import { latencySummary } from '../lib/stats.mjs';
import { cannon } from './ceilings.mjs';

const createLoad = (cfg, env, service, aliasPrefix) =>
  cannon(cfg, { url: service.url, token: env.token, pid: service.pid, connections: cfg.createConnections, kind: 'create', aliasPrefix });

export async function peerCreates(cfg, env) {
  return attempt('crud peer', async () => {
    log('peer: catalog creates');
    const db = await createDatabase(env.pgAdminUrl, 'peer');
    const port = await freePort();
    try {
      const peer = await startService({
        name: 'crud-peer',
        entry: 'bench/crud-peer/main.ts',
        port,
        env: { ...env.common, PEER_PORT: String(port), DATABASE_URL: db.url, DATABASE_POOL_SIZE: String(cfg.poolSize) },
      });
      try {
        return await createLoad(cfg, env, peer, `peer-${Date.now()}`);
      } finally {
        await peer.stop();
      }
    } finally {
      await db.drop();
    }
  });
}

/** Boots the command and projection services (fresh database), runs `fn`, stops both. */
export async function withSystem(cfg, env, fn) {
  const db = await createDatabase(env.pgAdminUrl, 'system');
  const [commandPort, queryPort] = [await freePort(), await freePort()];
  const started = [];
  try {
    const command = await startService({
      name: 'command-service',
      entry: 'apps/command-service/src/main.ts',
      port: commandPort,
      env: { ...env.common, NATS_URL: env.natsUrl, COMMAND_PORT: String(commandPort), EVENT_STREAM: 'ARTIFACTS', ...env.commandExtra },
      nodeArgs: [...SERVICE_NODE_FLAGS, ...(env.commandNodeArgs ?? [])],
    });
    started.push(command);
    const query = await attempt('projection service', () =>
      startService({
        name: 'projection-service',
        entry: 'apps/projection-service/src/main.ts',
        port: queryPort,
        env: { ...env.common, NATS_URL: env.natsUrl, QUERY_PORT: String(queryPort), EVENT_STREAM: 'ARTIFACTS', DATABASE_URL: db.url, DATABASE_POOL_SIZE: String(cfg.poolSize) },
        nodeArgs: SERVICE_NODE_FLAGS,
      }),
    );
    if (!query.notMeasured) started.push(query);
    return await fn({ command, query, db });
  } finally {
    for (const service of started.reverse()) await service.stop();
    await db.drop();
  }
}

export async function ourCreates(cfg, env, { command, query }) {
  return attempt('command service creates', async () => {
    log('ours: catalog creates (command service; projector running)');
    const queryRss = query.pid ? sampleRss(query.pid) : undefined;
    const result = await createLoad(cfg, env, command, `ours-${Date.now()}`);
    return { ...result, queryRss: queryRss?.stop() };
  });
}

export async function readYourWrites(cfg, env, { command, query }) {
  if (query.notMeasured) return notMeasured(`projection service did not start: ${query.notMeasured}`);
  return attempt('read your writes', async () => {
    await probeRead(env, command, query);
    log(`ours: read-your-writes at ${cfg.rywRate}/s`);
    const rss = { command: sampleRss(command.pid), query: sampleRss(query.pid) };
    const ryw = (rate, i) =>
      runWorker('load/ryw.worker.mjs', { commandUrl: command.url, queryUrl: query.url, token: env.token, rate, durationS: cfg.durationS, aliasPrefix: `ryw-${Date.now()}-${rate}-${i}` });
    const summarise = (r) => ({ ...r, visibleMs: latencySummary(r.visibleMs), ackMs: latencySummary(r.ackMs) });
    const summaries = (await repeat(cfg, (i) => ryw(cfg.rywRate, i))).map(summarise);
    // A quarter of the rate, once: tells the projector's own latency apart from a saturated machine.
    await probeRead(env, command, query);
    const quarter = summarise(await ryw(cfg.rywRate / 4, 0));
    return {
      quarterRate: { rate: cfg.rywRate / 4, visibleMs: quarter.visibleMs, ackMs: quarter.ackMs, failures: quarter.failures },
      runs: summaries,
      p50Ms: across(summaries, (r) => r.visibleMs.p50),
      p99Ms: across(summaries, (r) => r.visibleMs.p99),
      achievedRate: across(summaries, (r) => r.achievedRate),
      rss: { command: rss.command.stop(), query: rss.query.stop() },
    };
  });
}

const CATCH_UP_WAIT_MS = 120_000;

/**
 * One create and one read first, so a missing route is reported as such, not as a latency, and so
 * the measurement starts with the projector caught up.
 */
async function probeRead(env, command, query) {
  const auth = { authorization: `Bearer ${env.token}` };
  const body = JSON.stringify({ title: 'probe', system: 'helm' });
  const created = await fetch(`${command.url}/packages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
  if (created.status !== 201) throw new Error(`POST /packages answered ${created.status}: ${(await created.text()).slice(0, 200)}`);
  const { id } = await created.json();
  const token = created.headers.get('x-consistency-token') ?? '';
  // The create load before this leaves a backlog: 503s (consistency wait timed out) until it is projected.
  const deadline = Date.now() + CATCH_UP_WAIT_MS;
  for (;;) {
    const read = await fetch(`${query.url}/packages/${id}/`, { headers: { ...auth, 'x-consistency-token': token } });
    if (read.status === 200) return;
    if (read.status !== 503 || Date.now() > deadline) {
      throw new Error(`GET /packages/{id}/ on the projection service answered ${read.status}: ${(await read.text()).slice(0, 200)}`);
    }
  }
}
