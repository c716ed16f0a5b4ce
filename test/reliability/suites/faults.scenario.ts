import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { startConsistencyReaders, type ReadFigures } from '../checker/consistency-reads.js';
import { verifyRun } from '../checker/verify-run.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { CommandClient } from '../driver/http-client.js';
import { runWorkload, type Lane } from '../driver/workloads.js';
import { log, type Checks } from '../support/checks.js';
import { ManagedProcess } from '../support/managed-process.js';
import { startNatsNode } from '../support/nats-nodes.js';
import { startSystem, type System } from '../support/system.js';
import { freePort } from '../../support/nats-server.js';
import { delay, waitUntil } from '../support/wait.js';

const COMMANDS = Number(process.env.RELIABILITY_FAULT_COMMANDS ?? 3000);
const LANES = 8;
const FREEZE_MS = 10_000;
/** PROJECTOR_LOCK_RETRY of the system's replicas (support/system.ts), plus the 5 s the promise allows. */
const LEAD_WITHIN_MS = 500 + 5000;

type Recovery = { fault: string; ms: number };

/**
 * Faults that kill no process: Postgres ends the leader's lock connection and every LISTEN connection
 * (pg_terminate_backend), and nats-server is frozen (SIGSTOP) for 10 s, all under load, with a
 * standby projection replica and consistency-token readers on both replicas throughout.
 */
export async function faults(checks: Checks): Promise<void> {
  const nats = await startNatsNode();
  const system = await startSystem({ natsUrl: nats.url, commandServices: 2, subscriber: false });
  const standby = await startStandby(system);
  const admin = new pg.Client({ connectionString: system.databaseUrl });
  await admin.connect();
  try {
    const ledger = new CommandLedger();
    const runId = randomBytes(3).toString('hex');
    const accountId = randomUUID();
    const lanes: Lane[] = Array.from({ length: LANES }, (_, lane) => ({
      client: new CommandClient({ baseUrls: system.commandUrls, token: system.token, runId: `${runId}-${lane}`, ledger }),
      lane,
      runId,
      accountId,
    }));
    const readers = [system.queryUrl, standby.url].map((queryUrl) => startConsistencyReaders({ queryUrl, token: system.token, ledger, readers: 2, pauseMs: 50 }));
    const work = runWorkload(lanes, () => ledger.count(), COMMANDS);
    const recoveries: Recovery[] = [];
    await delay(3000);
    recoveries.push({ fault: 'leader lock connection terminated → a replica leads and applies again', ms: await terminateLockConnection(admin) });
    await delay(2000);
    recoveries.push({ fault: 'every LISTEN connection terminated → the standby answers a new token', ms: await terminateListeners(admin, system, standby.url, ledger) });
    await delay(2000);
    recoveries.push({ fault: `nats-server SIGSTOPped ${FREEZE_MS / 1000} s → writes acknowledged again`, ms: await freezeNats(nats, ledger) });
    await delay(2000);
    recoveries.push({ fault: 'active projector SIGKILLed under load → the standby leads and applies', ms: await killLeader(admin, system, standby.process, ledger) });
    await work;
    const reads = await Promise.all(readers.map((r) => r.stop()));
    await system.ready();
    const figures = await verifyRun(checks, nats.url, system, ledger);
    checks.expect('the standby replica never exited by itself', standby.process.unexpectedExits.length === 0, standby.process.unexpectedExits.at(-1)?.slice(-800));
    for (const r of recoveries) log(`   ${r.fault}: ${r.ms} ms`);
    const lead = recoveries[0]?.ms ?? Infinity;
    checks.expect(`after its lock connection was terminated a replica led again within ${LEAD_WITHIN_MS} ms`, lead <= LEAD_WITHIN_MS, lead);
    checks.expect('after the LISTEN connections were terminated the standby answered a new token within 10 s', (recoveries[1]?.ms ?? Infinity) <= 10_000, recoveries[1]);
    checks.expect('writes resumed within 30 s of nats-server continuing', (recoveries[2]?.ms ?? Infinity) <= FREEZE_MS + 30_000, recoveries[2]);
    checks.expect(`after the active projector was SIGKILLed the other replica led and applied within ${LEAD_WITHIN_MS} ms`, (recoveries[3]?.ms ?? Infinity) <= LEAD_WITHIN_MS, recoveries[3]);
    const stale = judgeReads(checks, reads);
    checks.figures({
      sent: figures.sent,
      acknowledged: figures.acknowledged,
      lost: figures.lost,
      duplicated: figures.duplicated,
      staleReads: stale,
      recoverMs: Math.max(...recoveries.map((r) => r.ms)),
      recoverWhat: 'slowest of the four faults (the nats-server one includes its 10 s freeze)',
    });
  } finally {
    await admin.end().catch(() => undefined);
    await standby.process.stop();
    await system.stop();
    await nats.kill();
    await nats.remove();
  }
}

/** A second projection-service replica on the same database: it serves reads and waits for the lock. */
async function startStandby(system: System): Promise<{ process: ManagedProcess; url: string }> {
  const port = await freePort();
  const process = new ManagedProcess({
    name: 'projection-service-standby',
    script: 'dist/apps/projection-service/src/main.js',
    env: () => ({ ...system.projectionEnv(), QUERY_PORT: String(port) }),
    healthUrl: `http://127.0.0.1:${port}/health/live`,
  });
  await process.start();
  return { process, url: `http://127.0.0.1:${port}` };
}

/** Ends the backend holding the projector's advisory lock; resolves with the time until some replica leads and the checkpoint moves. */
async function lockHolder(admin: pg.Client): Promise<number | undefined> {
  const { rows } = await admin.query<{ pid: number }>(
    "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'projector-lock'",
  );
  return rows[0]?.pid;
}

async function terminateLockConnection(admin: pg.Client): Promise<number> {
  const holder = (): Promise<number | undefined> => lockHolder(admin);
  const victim = await holder();
  if (victim === undefined) throw new Error('no projector holds its lock');
  const at = Date.now();
  await admin.query('SELECT pg_terminate_backend($1)', [victim]);
  const before = await checkpoint(admin);
  await waitUntil(async () => {
    const pid = await holder();
    return pid !== undefined && pid !== victim && (await checkpoint(admin)) > before;
  }, 60_000, 'a replica leads again and applies', 100);
  return Date.now() - at;
}

/**
 * SIGKILLs the replica that holds the lock (a batch is likely in flight: the load runs); resolves with
 * the time until the other one holds it and the checkpoint moved, and starts the killed one again.
 * Which replica leads is found by elimination: a killed leader's lock backend goes away at once.
 */
async function killLeader(admin: pg.Client, system: System, standby: ManagedProcess, ledger: CommandLedger): Promise<number> {
  const writer = new CommandClient({ baseUrls: system.commandUrls, token: system.token, runId: `kill-${randomBytes(3).toString('hex')}`, ledger });
  for (const victim of [system.projection, standby]) {
    const holder = await lockHolder(admin);
    const at = Date.now();
    await victim.kill();
    const gone = async (): Promise<boolean> => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [holder])).rowCount === 0;
    const wasLeader = await waitUntil(gone, 3000, 'the lock backend went away', 50).then(() => true, () => false);
    if (wasLeader) {
      // A write after the kill: the new leader has something to apply even when the load has ended.
      const created = await writer.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: 'After the leader died', system: 'helm' } });
      const token = Number(created?.headers.get('x-consistency-token') ?? Infinity);
      await waitUntil(async () => {
        const pid = await lockHolder(admin);
        return pid !== undefined && pid !== holder && (await checkpoint(admin)) >= token;
      }, 60_000, 'the other replica leads and applies', 100);
    }
    const ms = Date.now() - at;
    await victim.start();
    if (wasLeader) return ms;
  }
  throw new Error('neither replica held the lock');
}

/** Ends every LISTEN connection; resolves with the time until the standby answers a token written after that. */
async function terminateListeners(admin: pg.Client, system: System, standbyUrl: string, ledger: CommandLedger): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'consistency-listener'");
  if (rows.length < 2) throw new Error(`expected a LISTEN connection per replica, found ${rows.length}`);
  const at = Date.now();
  for (const { pid } of rows) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  const writer = new CommandClient({ baseUrls: system.commandUrls, token: system.token, runId: `listen-${randomBytes(3).toString('hex')}`, ledger });
  await waitUntil(async () => {
    const created = await writer.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: 'After LISTEN was cut', system: 'helm' } });
    const token = created?.headers.get('x-consistency-token');
    if (!token) return false;
    const read = await fetch(`${standbyUrl}/packages/${String(created?.body?.id)}/`, { headers: { authorization: `Bearer ${system.token}`, 'x-consistency-token': token } });
    await read.arrayBuffer();
    return read.status === 200;
  }, 60_000, 'the standby answers a new token', 200);
  return Date.now() - at;
}

/** SIGSTOP for FREEZE_MS, SIGCONT; resolves with the time from the freeze until a write is acknowledged again. */
async function freezeNats(nats: { freeze(): void; thaw(): void }, ledger: CommandLedger): Promise<number> {
  const at = Date.now();
  const acked = (): number => ledger.count('acked');
  nats.freeze();
  await delay(FREEZE_MS);
  const before = acked();
  nats.thaw();
  await waitUntil(async () => acked() > before, 60_000, 'writes acknowledged after nats-server continued', 100);
  return Date.now() - at;
}

async function checkpoint(admin: pg.Client): Promise<number> {
  return Number((await admin.query<{ position: string }>("SELECT position FROM projection_checkpoints WHERE name = 'readmodels'")).rows[0]?.position ?? 0);
}

function judgeReads(checks: Checks, reads: ReadFigures[]): number {
  const [leader, standby] = reads as [ReadFigures, ReadFigures];
  for (const [name, r] of [['leader', leader], ['standby', standby]] as const) {
    log(`   consistency-token reads on the ${name}: ${r.reads} answered (${r.fresh} with the written state or newer, ${r.unavailable} 503, slowest 503 ${r.slowest503Ms} ms), ${r.unanswered} unanswered; stale ${r.stale.length}, other answers ${r.wrong.length}`);
    checks.expect(`readers on the ${name} got the written state (≥ 100 reads)`, r.fresh >= 100, r.fresh);
    checks.expect(`no stale read on the ${name}`, r.stale.length === 0, r.stale.slice(0, 10));
    checks.expect(`every read on the ${name} answered 200 with the written state or 503`, r.wrong.length === 0, r.wrong.slice(0, 10));
  }
  return leader.stale.length + standby.stale.length;
}
