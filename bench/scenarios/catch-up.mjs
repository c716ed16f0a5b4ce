// Projector catch-up on a stream of N raw events vs raw consume+ack of the same stream, then GET by id
// on the caught-up projection service. Uses its own nats-server so the stream holds exactly N events.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { builtEntry } from '../lib/build.mjs';
import { runWorker } from '../lib/child.mjs';
import { across, attempt, log, repeat } from '../lib/context.mjs';
import { createDatabase, freePort, startNats } from '../lib/infra.mjs';
import { workDir } from '../lib/paths.mjs';
import { rssMb, sampleRss, SERVICE_NODE_FLAGS } from '../lib/services.mjs';

const STREAM = 'ARTIFACTS';
const CATCH_UP_TIMEOUT_MS = 15 * 60_000;

export async function catchUp(cfg, env, { getById }) {
  const nats = await startNats();
  const idsFile = join(workDir, 'ids.json');
  try {
    log(`catch-up: publishing ${cfg.events} events`);
    const published = await runWorker('load/publish.worker.mjs', { natsUrl: nats.url, stream: STREAM, events: cfg.events, idsFile, aliasPrefix: `cu-${Date.now()}` }, { timeoutMs: 30 * 60_000 });
    // The ceiling (§9): a raw consumer that JSON-decodes every event and acks per batch. The older
    // consume+ack figure (no decoding) is measured beside it and printed under the table.
    const rawConsume = (decode) => (
      runWorker('ceilings/jetstream.worker.mjs', { mode: 'consume', decode, natsUrl: nats.url, stream: STREAM, events: published.lastSeq, batchSize: cfg.batchSize })
    );
    const raw = await attempt('raw consume', async () => {
      log('ceiling: raw consume + JSON decode + ack per batch');
      const runs = await repeat(cfg, () => rawConsume(true));
      return { runs, perSec: across(runs, (r) => r.consumeAckPerSec) };
    });
    const rawNoDecode = await attempt('raw consume without decoding', async () => {
      log('ceiling: raw consume+ack (no decoding)');
      const runs = await repeat(cfg, () => rawConsume(false));
      return { runs, perSec: across(runs, (r) => r.consumeAckPerSec) };
    });
    let last;
    const projector = await attempt('projector catch-up', async () => {
      const runs = await repeat(cfg, async (i) => {
        if (last) await last.stop();
        last = undefined;
        log(`ours: projector catch-up run ${i + 1}/${cfg.runs}`);
        last = await projectOnce(cfg, env, nats.url, published.lastSeq);
        return last.result;
      });
      return { runs, perSec: across(runs, (r) => r.eventsPerSec), wallS: across(runs, (r) => r.wallS), rssMaxMb: across(runs, (r) => r.rss.maxMb) };
    });
    const get = last ? await getById(cfg, env, last.service, idsFile) : { notMeasured: 'the projection service did not catch up' };
    if (last) await last.stop();
    return { published, raw, rawNoDecode, projector, getById: get };
  } finally {
    await nats.stop();
  }
}

/** Spawns the projection service on an empty database and polls its checkpoint until it reaches `end`. */
export async function projectOnce(cfg, env, natsUrl, end) {
  const db = await createDatabase(env.pgAdminUrl, 'catchup');
  const port = await freePort();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const t0 = performance.now();
  // Not through startService: readiness waits for the lag, which is what is being measured.
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...(env.projectionNodeArgs ?? []), builtEntry('apps/projection-service/src/main.ts')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env.common, NATS_URL: natsUrl, QUERY_PORT: String(port), EVENT_STREAM: STREAM, DATABASE_URL: db.url, DATABASE_POOL_SIZE: String(cfg.poolSize) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-2000)));
  const rss = sampleRss(child.pid);
  const cleanup = async () => {
    rss.stop();
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await client.end().catch(() => {});
    await db.drop();
  };
  try {
    const { first, done } = await pollCheckpoint(client, end, child, () => stderr);
    const result = {
      eventsPerSec: done > first.at ? (end - first.position) / ((done - first.at) / 1000) : undefined,
      wallS: (done - t0) / 1000,
      bootToFirstBatchS: (first.at - t0) / 1000,
      rss: { ...rss.stop(), atFirstBatchMb: Math.round((first.rssMb ?? 0) * 10) / 10 },
    };
    const service = { url: `http://127.0.0.1:${port}`, pid: child.pid };
    return { result, service, stop: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function pollCheckpoint(client, end, child, stderr) {
  const deadline = performance.now() + CATCH_UP_TIMEOUT_MS;
  let first;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`projection service exited (${child.exitCode}): ${stderr()}`);
    const position = await checkpoint(client);
    const at = performance.now();
    if (position > 0 && !first) first = { position, at, rssMb: rssMb(child.pid) };
    if (position >= end) return { first, done: at };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`checkpoint did not reach ${end} in ${CATCH_UP_TIMEOUT_MS} ms`);
}

async function checkpoint(client) {
  try {
    const { rows } = await client.query('SELECT max(position)::bigint AS p FROM projection_checkpoints');
    return Number(rows[0]?.p ?? 0);
  } catch {
    return 0; // the table appears when the migrations have run
  }
}
