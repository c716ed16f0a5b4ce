import { randomBytes, randomUUID } from 'node:crypto';
import { expectHonestReads, READERS, startConsistencyReaders } from '../checker/consistency-reads.js';
import { readStream } from '../checker/stream-reader.js';
import { checkUniqueness } from '../checker/uniqueness.check.js';
import { verifyRun } from '../checker/verify-run.js';
import { runContention } from '../driver/contention.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { CommandClient } from '../driver/http-client.js';
import { runWorkload, type Lane } from '../driver/workloads.js';
import { startChaos, type Target } from '../support/chaos.js';
import { log, quantile, type Checks } from '../support/checks.js';
import type { ManagedProcess } from '../support/managed-process.js';
import { startNatsNode, type NatsNode } from '../support/nats-nodes.js';
import { startSystem, type System } from '../support/system.js';
import { randomInt } from '../support/wait.js';

export type ChaosLoadOptions = { commands: number; lanes: number };

const CONTENTION_LANES = 6;
const CONTENDED_VALUES = 2;

/**
 * §6 under fire: lanes of catalog and account commands (idempotency keys, retries with the same
 * key) while one random part of the system at a time is SIGKILLed and restarted.
 */
export async function chaosLoad(checks: Checks, options: ChaosLoadOptions): Promise<void> {
  const nats = await startNatsNode();
  const system = await startSystem({ natsUrl: nats.url, commandServices: 2, subscriber: true });
  try {
    const ledger = new CommandLedger();
    const runId = randomBytes(3).toString('hex');
    const accountId = randomUUID();
    const lanes: Lane[] = Array.from({ length: options.lanes }, (_, lane) => ({
      client: new CommandClient({ baseUrls: system.commandUrls, token: system.token, runId: `${runId}-${lane}`, ledger }),
      lane,
      runId,
      accountId,
    }));
    const chaos = startChaos(chaosTargets(system, nats), system.ready, { minPauseMs: 500, maxPauseMs: 2500, maxKills: 500 });
    // Beside them, lanes that compete for a few aliases and tuples across both processes.
    const rivals: Lane[] = Array.from({ length: CONTENTION_LANES }, (_, lane) => ({
      client: new CommandClient({ baseUrls: system.commandUrls, token: system.token, runId: `${runId}-c${lane}`, ledger }),
      lane,
      runId,
      accountId,
    }));
    const started = Date.now();
    let driving = true;
    const readers = startConsistencyReaders({ queryUrl: system.queryUrl, token: system.token, ledger, ...READERS });
    const contention = runContention(rivals, CONTENDED_VALUES, () => !driving);
    await runWorkload(lanes, () => ledger.count(), options.commands);
    driving = false;
    const contended = await contention;
    const driveMs = Date.now() - started;
    const report = await chaos.stop();
    const reads = await readers.stop();
    await system.ready();
    checks.expect('every crashed part came back', report.errors.length === 0, report.errors);
    // Contention lanes' commands are the ones whose runId ends in -c<lane>: their creates are meant to lose.
    const figures = await verifyRun(checks, nats.url, system, ledger, { contested: (r) => r.key.startsWith(`${runId}-c`) });
    const staleReads = expectHonestReads(checks, reads, 'during the chaos', 500);
    checks.expect('contention had winners and losers', contended.won > 0 && contended.refused > 0, contended);
    const unique = await checkUniqueness(nats.url, await readStream(nats.url));
    log(`   contention: competing creates ${contended.competing} for ${CONTENDED_VALUES} aliases and ${CONTENDED_VALUES} tuples, won ${contended.won}, refused 409 ${contended.refused}; uniqueness violations ${unique.violations.length}, unreserved ${unique.unreserved.length}`);
    checks.expect('no alias or tuple is held by two live packages (uniqueness violations = 0)', unique.violations.length === 0, unique.violations.slice(0, 10));
    checks.expect('every live alias and tuple has its reservation', unique.unreserved.length === 0, unique.unreserved.slice(0, 10));
    log(`   commands sent ${figures.sent}, acknowledged ${figures.acknowledged}, refused ${figures.refused}, gave up ${figures.unknown}, ambiguous attempts retried ${figures.ambiguousAttempts}`);
    log(`   per kind (sent/acknowledged/refused): ${ledger.perKind()}`);
    log(`   events found ${figures.eventsFound} (verifier ${figures.verifierEvents}), lost ${figures.lost}, duplicated ${figures.duplicated}`);
    log(`   driven in ${(driveMs / 1000).toFixed(1)} s (${Math.round(figures.sent / (driveMs / 1000))} commands/s under chaos); settled in ${(figures.settleMs / 1000).toFixed(1)} s`);
    for (const [name, kills] of Object.entries(report.kills)) {
      const times = report.recoveryMs[name] ?? [];
      log(`   kills ${name}: ${kills}; recovery median ${quantile(times, 0.5)} ms, max ${Math.max(0, ...times)} ms`);
    }
    checks.expect(`at least ${options.commands} commands sent`, figures.sent >= options.commands, figures.sent);
    checks.expect('the driver got a definite answer to every command', figures.unknown === 0, figures.unknown);
    const recoveries = Object.values(report.recoveryMs).flat();
    checks.figures({
      sent: figures.sent,
      acknowledged: figures.acknowledged,
      contested: figures.contested,
      lost: figures.lost,
      duplicated: figures.duplicated,
      staleReads,
      recoverMs: Math.max(0, ...recoveries),
      recoverWhat: `slowest of ${recoveries.length} kills until every process served again; median ${quantile(recoveries, 0.5)} ms`,
    });
  } finally {
    await system.stop();
    await nats.kill();
    await nats.remove();
  }
}

function chaosTargets(system: System, nats: NatsNode): Target[] {
  const restart = (p: ManagedProcess): Target => ({ name: p.name, crash: () => p.crashAndRestart() });
  return [
    ...system.commands.map((p) => ({ name: `${p.name} (+verifier)`, crash: () => crashCommandService(p) })),
    restart(system.projection),
    ...(system.subscriber ? [restart(system.subscriber)] : []),
    { name: 'nats-server', crash: () => nats.kill().then(() => nats.start()) },
    { name: 'postgres', crash: () => system.pg.kill().then(() => system.pg.start()) },
  ];
}

/**
 * A plain SIGKILL at a random moment, or (one time in three) a restart with the
 * `crash-after-append` failpoint: it dies right after its next JetStream ack, before answering.
 */
async function crashCommandService(p: ManagedProcess): Promise<void> {
  if (randomInt(0, 2) > 0) return p.crashAndRestart();
  await p.runUntilExit({ FAILPOINTS: 'crash-after-append' }, 15_000);
  await p.crashAndRestart();
}
