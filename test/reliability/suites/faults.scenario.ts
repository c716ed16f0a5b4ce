import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { expectHonestReads, startConsistencyReaders, type ReadFigures } from '../checker/consistency-reads.js';
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
 * Postgres ends the leader's lock connection and every LISTEN connection (pg_terminate_backend),
 * nats-server is frozen (SIGSTOP) for 10 s, and the leading projection replica is SIGKILLed inside a
 * batch transaction, all under load, with a standby projection replica and consistency-token readers
 * on both replicas throughout.
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
    const kill = await killLeader(admin, system, standby.process, ledger);
    recoveries.push({ fault: 'active projector SIGKILLed inside a batch transaction → the standby leads and applies', ms: kill.ms });
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
    const midBatch = judgeMidBatch(checks, kill.midBatch);
    const stale = judgeReads(checks, reads);
    checks.figures({
      sent: figures.sent,
      acknowledged: figures.acknowledged,
      lost: figures.lost,
      duplicated: figures.duplicated,
      staleReads: stale,
      recoverMs: Math.max(...recoveries.map((r) => r.ms)),
      recoverWhat: 'slowest of the four faults (the nats-server one includes its 10 s freeze)',
      notes: midBatch ? [midBatch] : [],
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
    "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'projector-lock %'",
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

/** What the projector SIGKILL hit: a batch transaction of the leader, still open when the signal went. */
type MidBatchKill = {
  /** The batch's transaction id and the statement it was running or had just run. */
  xid: string;
  statement: string;
  /** How long the transaction had been open when SIGKILL was sent (at least; measured by Postgres). */
  ageMs: number;
  /** From the answer that showed it open to the SIGKILL. */
  seenBeforeMs: number;
  /** Polls of pg_stat_activity before an open batch was seen. */
  polls: number;
  /** pg_xact_status of the killed transaction once its backend had gone: 'aborted' = rolled back. */
  outcome: string;
  /** The committed checkpoint at the kill (the killed batch started after it) and once the other replica had applied. */
  from: number;
  to: number;
  /** Rows of event_history in (from, to], and how many distinct stream positions they hold. */
  historyRows: number;
  historySeqs: number;
};

type KillOutcome = { ms: number; midBatch: MidBatchKill | undefined };

/** How long `killLeader` polls for an open batch before the fault fails (no SIGKILL is sent then). */
const MID_BATCH_WAIT_MS = 10_000;

/**
 * A backend inside a projection batch: its transaction holds the checkpoint row (`FOR UPDATE`, a ROW
 * SHARE lock on projection_checkpoints that only batches and the rebuild's swap take; no rebuild runs
 * here) and has not reached the checkpoint UPDATE, so at least one round trip lies between it and its
 * COMMIT. `application_name` ends in `/<pid>` (apps/projection-service/src/database/database.ts).
 */
const OPEN_BATCH = `
  SELECT a.application_name AS name, a.backend_xid::text AS xid, left(a.query, 60) AS statement,
         extract(epoch FROM clock_timestamp() - a.xact_start)::float8 * 1000 AS age_ms
    FROM pg_locks l JOIN pg_stat_activity a USING (pid)
   WHERE l.locktype = 'relation' AND l.relation = 'projection_checkpoints'::regclass AND l.mode = 'RowShareLock' AND l.granted
     AND a.xact_start IS NOT NULL AND a.backend_xid IS NOT NULL AND a.state IN ('active', 'idle in transaction')
     AND a.query NOT ILIKE '%UPDATE projection_checkpoints%' AND a.query !~* '^\\s*(COMMIT|ROLLBACK)'
     AND a.wait_event_type = 'Lock'`;

/**
 * Held by the scenario while it waits for a batch to open: every batch inserts its events into
 * event_history, and this lock mode makes that insert wait, so the batch is still open — its COMMIT
 * not yet sent, since the client sends one statement at a time — when its replica is killed.
 */
const HOLD_HISTORY = 'LOCK TABLE public.event_history IN SHARE ROW EXCLUSIVE MODE';

/**
 * SIGKILLs the replica that leads while it has a projection batch open. Writers keep the projector
 * busy while the scenario holds event_history (HOLD_HISTORY), so the next batch waits inside its
 * transaction at its history insert; pg_stat_activity is polled for that waiting batch (up to
 * MID_BATCH_WAIT_MS; none seen = no kill, and the fault's checks fail), the replica owning that
 * backend is killed, the hold is released,
 * and the batch's transaction is followed to its end in Postgres. Resolves with the time until the
 * other replica holds the lock and applied a write made after the kill; the killed one is started
 * again.
 */
async function killLeader(admin: pg.Client, system: System, standby: ManagedProcess, ledger: CommandLedger): Promise<KillOutcome> {
  const runId = `kill-${randomBytes(3).toString('hex')}`;
  // One client per concurrent writer (a client sends one command at a time).
  const clients = Array.from({ length: 5 }, (_, i) => new CommandClient({ baseUrls: system.commandUrls, token: system.token, runId: `${runId}-${i}`, ledger }));
  const create = (client: CommandClient, title: string): ReturnType<CommandClient['send']> =>
    client.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title, system: 'helm' } });
  let writing = true;
  const writers = clients.slice(1).map(async (client) => {
    while (writing) await create(client, 'Written while a batch is awaited');
  });
  const replicas = [system.projection, standby];
  let seen: (Omit<MidBatchKill, 'outcome' | 'from' | 'to' | 'historyRows' | 'historySeqs'> & { victim: ManagedProcess; at: number }) | undefined;
  const holder = await lockHolder(admin);
  // The gate: a connection of its own, as pg_stat_activity is read once per transaction.
  const gate = new pg.Client({ connectionString: system.databaseUrl, application_name: 'faults-history-gate' });
  await gate.connect();
  await gate.query('BEGIN');
  await gate.query(HOLD_HISTORY);
  try {
    const deadline = Date.now() + MID_BATCH_WAIT_MS;
    for (let polls = 1; !seen && Date.now() < deadline; polls++) {
      const { rows } = await admin.query<{ name: string; xid: string; statement: string; age_ms: number }>(OPEN_BATCH);
      const answered = Date.now();
      for (const row of rows) {
        const pid = Number(/\/(\d+)$/.exec(row.name)?.[1]);
        const victim = replicas.find((r) => r.pid === pid);
        if (!victim) continue;
        const killing = victim.kill();
        const at = Date.now();
        seen = { victim, xid: row.xid, statement: row.statement.replace(/\s+/g, ' ').trim(), ageMs: Math.round(row.age_ms + at - answered), seenBeforeMs: at - answered, polls, at };
        await killing;
        break;
      }
    }
  } finally {
    await gate.query('ROLLBACK').catch(() => undefined);
    await gate.end().catch(() => undefined);
    writing = false;
    await Promise.all(writers);
  }
  if (!seen) {
    log(`   no projection batch was seen open within ${MID_BATCH_WAIT_MS} ms: nothing was killed`);
    return { ms: Infinity, midBatch: undefined };
  }
  // The killed batch holds the checkpoint row until Postgres ends it: what is committed now is where it began.
  const from = await checkpoint(admin);
  const outcome = await transactionOutcome(admin, seen.xid);
  // A write after the kill: the new leader has something to apply even when the load has ended.
  const created = await create(clients[0] as CommandClient, 'After the leader died');
  const token = Number(created?.headers.get('x-consistency-token') ?? Infinity);
  await waitUntil(async () => {
    const pid = await lockHolder(admin);
    return pid !== undefined && pid !== holder && (await checkpoint(admin)) >= token;
  }, 60_000, 'the other replica leads and applies', 100);
  const ms = Date.now() - seen.at;
  const to = await checkpoint(admin);
  const history = await admin.query<{ rows: string; seqs: string }>('SELECT count(*) AS rows, count(DISTINCT seq) AS seqs FROM event_history WHERE seq > $1 AND seq <= $2', [from, to]);
  await seen.victim.start();
  const { xid, statement, ageMs, seenBeforeMs, polls } = seen;
  return { ms, midBatch: { xid, statement, ageMs, seenBeforeMs, polls, outcome, from, to, historyRows: Number(history.rows[0]?.rows), historySeqs: Number(history.rows[0]?.seqs) } };
}

/**
 * pg_xact_status of a transaction once it is no longer in progress (its backend noticed the dead
 * client). pg_stat_activity gives a 32-bit xid; the epoch comes from the current snapshot.
 */
async function transactionOutcome(admin: pg.Client, xid: string): Promise<string> {
  const { rows } = await admin.query<{ xmax: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax');
  const current = BigInt(rows[0]?.xmax ?? '0');
  let full = (current & ~0xffffffffn) | BigInt(xid);
  if (full > current) full -= 0x100000000n;
  let status = 'in progress';
  await waitUntil(async () => {
    const answer = await admin.query<{ status: string | null }>('SELECT pg_xact_status($1::text::xid8) AS status', [full.toString()]);
    status = answer.rows[0]?.status ?? 'unknown';
    return status !== 'in progress';
  }, 10_000, `transaction ${xid} ends`, 20).catch(() => undefined);
  return status;
}

/** Ends every LISTEN connection; resolves with the time until the standby answers a token written after that. */
async function terminateListeners(admin: pg.Client, system: System, standbyUrl: string, ledger: CommandLedger): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'consistency-listener %'");
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

/** The projector SIGKILL must have hit an open batch, which Postgres rolled back and the new leader applied again, once. */
function judgeMidBatch(checks: Checks, kill: MidBatchKill | undefined): string | undefined {
  checks.expect(`the projector SIGKILL landed inside a batch transaction (seen open in pg_stat_activity within ${MID_BATCH_WAIT_MS / 1000} s)`, kill !== undefined);
  if (!kill) return undefined;
  const fact = `projector SIGKILL mid-batch: transaction ${kill.xid} open ${kill.ageMs} ms at the kill (seen at "${kill.statement}" by poll ${kill.polls}, ${kill.seenBeforeMs} ms before the SIGKILL), then ${kill.outcome} by Postgres; the new leader applied positions ${kill.from + 1}–${kill.to}, each once`;
  checks.expect('Postgres rolled the killed batch back (pg_xact_status aborted)', kill.outcome === 'aborted', kill);
  const span = kill.to - kill.from;
  checks.expect('the new leader applied the killed batch again, once: event_history holds each position after the checkpoint at the kill once', span > 0 && kill.historyRows === span && kill.historySeqs === span, kill);
  return fact;
}

function judgeReads(checks: Checks, reads: ReadFigures[]): number {
  const [leader, standby] = reads as [ReadFigures, ReadFigures];
  return expectHonestReads(checks, leader, 'on the leader', 100) + expectHonestReads(checks, standby, 'on the standby', 100);
}
