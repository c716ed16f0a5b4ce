import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { accountEvent, accountResource } from '../../../apps/projection-service/src/testing/event.factories.js';
import { streamConfig } from '../../../libs/event-store/src/stream-config.js';
import { SERVICE_NODE_FLAGS } from '../../../scripts/lib/node-flags.mjs';
import { log, type Checks } from '../support/checks.js';
import { ROOT } from '../support/managed-process.js';
import { startNatsNode } from '../support/nats-nodes.js';
import { startSystem } from '../support/system.js';
import { waitUntil } from '../support/wait.js';

/** The rebuild's heap here and the memory a projection pod may use. The service runs with the image's V8 flags. */
const HEAP_MB = 160;
const RSS_LIMIT_MB = 256;
const SERVICE_FLAGS = SERVICE_NODE_FLAGS.join(' ');
/**
 * The byte bounds that pod sets next to its heap (deploy/k8s/projection-service.yaml), and the
 * rebuild's batch for a heap of that size. RELIABILITY_* / PROJECTOR_* / REBUILD_* in the
 * environment override them for a trial.
 */
const POD_BOUNDS: Record<string, string> = {
  PROJECTOR_BUFFER_BYTES: String(8 * 2 ** 20),
  PROJECTOR_BATCH_BYTES: String(4 * 2 ** 20),
  REBUILD_BATCH_BYTES: String(8 * 2 ** 20),
};
const BUNDLE_BYTES = 500 * 1024;
const FILES_PER_BUNDLE = 50;

/**
 * Large account packages (§8 operations): bundles of 500 KB, published straight to the stream,
 * are caught up by the projection service, run with the image's V8 flags (SERVICE_NODE_FLAGS), and
 * rebuilt by `projections:rebuild` with `--max-old-space-size=160`. Resident memory, sampled from /proc, stays within the
 * pod's limit; the service is never restarted; both checkpoints end at the stream's end.
 */
export async function largeBundles(checks: Checks, options: { bundles: number }): Promise<void> {
  const nats = await startNatsNode();
  const nc = await connect({ servers: nats.url, name: 'reliability-large-bundles' });
  let system: Awaited<ReturnType<typeof startSystem>> | undefined;
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add(streamConfig({ name: 'ARTIFACTS', replicas: 1, duplicateWindowMs: 120_000 }));
    const published = Date.now();
    const last = await publishBundles(nc, options.bundles);
    const mib = (options.bundles * BUNDLE_BYTES) / 2 ** 20;
    log(`   published ${options.bundles} bundles of ${BUNDLE_BYTES / 1024} KB (${mib.toFixed(0)} MiB) in ${((Date.now() - published) / 1000).toFixed(1)} s; stream ends at ${last}`);

    const heap = { NODE_OPTIONS: [`--max-old-space-size=${HEAP_MB}`, process.env.RELIABILITY_NODE_OPTIONS].filter(Boolean).join(' ') };
    const serviceHeap = { NODE_OPTIONS: [SERVICE_FLAGS, process.env.RELIABILITY_NODE_OPTIONS].filter(Boolean).join(' ') };
    const overrides = Object.entries(process.env).filter(([key]) => /^(PROJECTOR|REBUILD)_/.test(key));
    const tuned = { ...POD_BOUNDS, ...(Object.fromEntries(overrides) as Record<string, string>) };
    system = await startSystem({ natsUrl: nats.url, commandServices: 0, subscriber: false, projectionEnv: { ...serviceHeap, ...tuned } });
    const started = Date.now();
    const sampler = sampleRss(() => system?.projection.pid);
    await waitUntil(async () => (await checkpointOf(system!.databaseUrl, 'readmodels')) === last, 240_000, 'projector caught up', 200).catch(() => undefined);
    const caughtUpMs = Date.now() - started;
    const serviceMb = sampler.stop();
    const position = await checkpointOf(system.databaseUrl, 'readmodels');
    log(`   projection service: caught up ${last} events in ${(caughtUpMs / 1000).toFixed(1)} s, RSS peak ${serviceMb} MB`);
    checks.expect(`catch-up: checkpoint at the stream's end (${last})`, position === last, { position, last });
    checks.expect(`catch-up: projection service RSS ≤ ${RSS_LIMIT_MB} MB under ${SERVICE_FLAGS}`, serviceMb > 0 && serviceMb <= RSS_LIMIT_MB, { serviceMb });
    checks.expect('catch-up: the projection service was never restarted', system.projection.unexpectedExits.length === 0 && system.projection.kills === 0, system.projection.unexpectedExits.map((e) => e.slice(-600)));
    const rows = await countRows(system.databaseUrl);
    checks.expect(`catch-up: ${options.bundles} account packages with their files`, rows === options.bundles, { rows });

    const rebuilt = await rebuild(system.databaseUrl, nats.url, { ...heap, ...tuned });
    log(`   projections:rebuild: exit ${rebuilt.code} in ${(rebuilt.ms / 1000).toFixed(1)} s, RSS peak ${rebuilt.peakMb} MB`);
    checks.expect('rebuild: exits 0', rebuilt.code === 0, rebuilt.stderr.slice(-1500));
    checks.expect(`rebuild: RSS ≤ ${RSS_LIMIT_MB} MB under --max-old-space-size=${HEAP_MB}`, rebuilt.peakMb > 0 && rebuilt.peakMb <= RSS_LIMIT_MB, { peakMb: rebuilt.peakMb });
    const after = await checkpointOf(system.databaseUrl, 'readmodels');
    checks.expect(`rebuild: checkpoint at the stream's end (${last})`, after === last, { after, last });
    checks.expect(`rebuild: ${options.bundles} account packages`, (await countRows(system.databaseUrl)) === options.bundles);
    checks.figures({
      sent: 0, acknowledged: 0, lost: position === last ? 0 : last - position, duplicated: undefined, staleReads: undefined, recoverMs: caughtUpMs,
      recoverWhat: `catch-up of ${options.bundles} × ${BUNDLE_BYTES / 1024} KB under ${SERVICE_FLAGS}; RSS peak ${serviceMb} MB, rebuild ${rebuilt.peakMb} MB`,
    });
  } finally {
    await system?.stop();
    await nc.close();
    await nats.kill();
    await nats.remove();
  }
}

/** One PackageCreated per package, each carrying ~500 KB of files. */
async function publishBundles(nc: NatsConnection, count: number): Promise<number> {
  const js = jetstream(nc);
  const accountId = randomUUID();
  const perFile = Math.floor(BUNDLE_BYTES / FILES_PER_BUNDLE) - 120;
  let last = 0;
  const inFlight: Promise<unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const id = randomUUID();
    const files = Array.from({ length: FILES_PER_BUNDLE }, (_, i) => ({
      fileName: `chart-${i}.tgz`, fileIdentifier: `f${i}`, fileMediaType: 'application/gzip',
      fileContents: randomBytes(Math.ceil((perFile * 3) / 4)).toString('base64').slice(0, perFile),
    }));
    const { subject, event } = accountEvent('PackageCreated', accountId, id, accountResource(accountId, id, { files }));
    inFlight.push(js.publish(subject, JSON.stringify(event), { msgID: event.id }).then((ack) => (last = Math.max(last, ack.seq))));
    if (inFlight.length >= 16) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  return last;
}

/** Peak VmRSS in MB of whatever process `pid()` names at each sample (a restarted one included). */
function sampleRss(pid: () => number | undefined): { stop(): number } {
  let peakKb = 0;
  const timer = setInterval(() => {
    const current = pid();
    if (!current) return;
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${current}/status`, 'utf8'))?.[1] ?? 0);
      peakKb = Math.max(peakKb, kb);
    } catch {
      // Exited between the look-up and the read.
    }
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.round(peakKb / 1024);
    },
  };
}

async function rebuild(databaseUrl: string, natsUrl: string, env: Record<string, string>): Promise<{ code: number | null; ms: number; peakMb: number; stderr: string }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['dist/apps/projection-service/src/rebuild.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NATS_URL: natsUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const sampler = sampleRss(() => child.pid);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, ms: Date.now() - started, peakMb: sampler.stop(), stderr };
}

async function checkpointOf(databaseUrl: string, name: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name]);
    return Number(rows[0]?.position ?? 0);
  } finally {
    await db.end();
  }
}

async function countRows(databaseUrl: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM account_packages WHERE resource ? 'files'");
    return Number(rows[0]?.n ?? 0);
  } finally {
    await db.end();
  }
}
