import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { readCheckpoint, settle } from '../checker/settle.js';
import { checkAcknowledged, checkNoUnexpectedExits } from '../checker/verify-run.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { CommandClient } from '../driver/http-client.js';
import { catalogScenario, type Lane } from '../driver/workloads.js';
import { log, type Checks } from '../support/checks.js';
import { copyStore, startNatsNode, type NatsNode } from '../support/nats-nodes.js';
import { reapDir } from '../support/reaper.js';
import { startSystem, type System } from '../support/system.js';
import { delay, waitUntil } from '../support/wait.js';

const CHECK_MS = 500;

/**
 * Read models ahead of their stream (§8 operations): the stream is replaced by an older copy of
 * its store. The projection service must say so on /health/ready and in a metric, and stop
 * projecting, both when it is running at the swap and when it starts afterwards.
 */
export async function streamRegression(checks: Checks): Promise<void> {
  const nats = await startNatsNode();
  const backup = await mkdtemp(join(tmpdir(), 'ar-rel-backup-'));
  reapDir(backup);
  const system = await startSystem({ natsUrl: nats.url, commandServices: 1, subscriber: false, projectionEnv: { STREAM_CHECK_INTERVAL: `${CHECK_MS}ms` } });
  try {
    const ledger = new CommandLedger();
    const write = writer(system, ledger);
    await write(4);
    await settle(nats.url, system.databaseUrl, ['sub_package-verifier']);
    await restartWith(nats, system, () => copyStore(nats.storeDir, join(backup, 'store')));
    const backedUp = await lastSequence(nats.url);
    await write(8);
    await settle(nats.url, system.databaseUrl, ['sub_package-verifier']);
    const checkpoint = await readCheckpoint(system.databaseUrl);
    checks.expect('baseline: /health/ready is 200 before the swap', (await ready(system)).status === 200);
    await restartWith(nats, system, async () => {
      await rm(nats.storeDir, { recursive: true, force: true });
      await copyStore(join(backup, 'store'), nats.storeDir);
    });
    log(`   stream restored to a copy ending at ${backedUp}; read models at ${checkpoint}`);
    const restored = Date.now();
    await expectDetected(checks, system, 'while running (stream shorter than the checkpoint)', /ends at/);
    const detectedMs = Date.now() - restored;
    await write(12);
    const grown = await lastSequence(nats.url);
    // Proving that something does not happen needs a window: several guard intervals.
    await delay(CHECK_MS * 6);
    const after = await readCheckpoint(system.databaseUrl);
    log(`   stream regrown to ${grown} with new events; checkpoint ${after}`);
    checks.expect('the projector stopped: the regrown stream was not applied', grown > checkpoint && after === checkpoint, { grown, checkpoint, after });
    await system.projection.crashAndRestart();
    await expectDetected(checks, system, 'at boot (regrown stream, different event at the checkpoint)', /holds event/);
    await delay(CHECK_MS * 6);
    checks.expect('after a restart the projector still does not start', (await readCheckpoint(system.databaseUrl)) === checkpoint);
    checkAcknowledged(checks, ledger, () => false);
    checkNoUnexpectedExits(checks, system);
    // Events are lost here on purpose (the store goes back to an older copy): what counts is that it is noticed.
    checks.figures({ sent: ledger.count(), acknowledged: ledger.count('acked'), lost: undefined, duplicated: undefined, staleReads: undefined, recoverMs: detectedMs, recoverWhat: 'from the restored stream to /health/ready 503 naming it (detection, not repair)' });
  } finally {
    await system.stop();
    await nats.kill();
    await nats.remove();
    await rm(backup, { recursive: true, force: true });
  }
}

async function expectDetected(checks: Checks, system: System, when: string, reason: RegExp): Promise<void> {
  let last = { status: 0, body: '' };
  const seen = await waitUntil(async () => {
    last = await ready(system);
    return last.status === 503 && /stream regression/.test(last.body);
  }, 30_000, 'regression reported', 100).then(() => true, () => false);
  log(`   /health/ready ${when}: ${last.status} ${last.body.slice(0, 400)}`);
  checks.expect(`detected ${when}: /health/ready 503 with the reason`, seen && reason.test(last.body), last);
  const metrics = await (await fetch(`${system.queryUrl}/metrics`)).text();
  const gauge = /^projection_stream_regression(\{[^}]*\})? (\d+)/m.exec(metrics)?.[2];
  checks.expect(`detected ${when}: projection_stream_regression is 1`, gauge === '1', gauge);
}

const ready = async (system: System): Promise<{ status: number; body: string }> => {
  const response = await fetch(`${system.queryUrl}/health/ready`);
  return { status: response.status, body: await response.text() };
};

/** Stops nats-server (SIGKILL), runs `between` on its store, starts it again on the same port and store. */
async function restartWith(nats: NatsNode, system: System, between: () => Promise<void>): Promise<void> {
  await nats.kill();
  await between();
  await nats.start();
  // The command service caches aggregate versions: after a restore they are ahead of the stream.
  for (const p of system.commands) await p.crashAndRestart();
}

function writer(system: System, ledger: CommandLedger): (rounds: number) => Promise<void> {
  const runId = randomBytes(3).toString('hex');
  let round = 0;
  return async (rounds) => {
    const lane: Lane = { client: new CommandClient({ baseUrls: system.commandUrls, token: system.token, runId: `${runId}-${round}`, ledger }), lane: 0, runId, accountId: randomUUID() };
    for (let n = 0; n < rounds; n++) await catalogScenario(lane, round++);
  };
}

async function lastSequence(natsUrl: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    return (await (await jetstreamManager(nc)).streams.info('ARTIFACTS')).state.last_seq;
  } finally {
    await nc.close();
  }
}
