import { randomBytes } from 'node:crypto';
import type { CommandLedger, CommandRecord } from '../driver/command-ledger.js';
import { log, type Checks } from '../support/checks.js';
import type { System } from '../support/system.js';
import { checkLedger } from './event-ledger.check.js';
import { compareReadModels, compareWithFold, rebuildInto } from './read-model.check.js';
import { settle } from './settle.js';
import { readStream, type StreamEvent } from './stream-reader.js';

export type RunFigures = {
  sent: number;
  acknowledged: number;
  refused: number;
  /** Commands that competed on purpose (VerifyOptions.contested). */
  contested: number;
  unknown: number;
  ambiguousAttempts: number;
  eventsFound: number;
  verifierEvents: number;
  lost: number;
  duplicated: number;
  settleMs: number;
};

export type VerifyOptions = {
  /** Commands that compete on purpose (one winner, the rest 409/412): outside the acknowledged share, each contest needs a winner. */
  contested?: (record: CommandRecord) => boolean;
};

/** Of the commands that do not compete on purpose, at least this share must be acknowledged (2xx). */
export const MIN_ACKNOWLEDGED_SHARE = 0.95;

/** Everything §6/§7 promise about a finished run, checked from the outside; returns the figures. */
export async function verifyRun(checks: Checks, natsUrl: string, system: System, ledger: CommandLedger, options: VerifyOptions = {}): Promise<RunFigures> {
  checkAcknowledged(checks, ledger, options.contested ?? (() => false));
  const settleStarted = Date.now();
  const durables = ['sub_package-verifier', ...(system.subscriber ? ['sub_reliability-printer'] : [])];
  await settle(natsUrl, system.databaseUrl, durables);
  const settleMs = Date.now() - settleStarted;
  const events = await readStream(natsUrl);
  const f = checkLedger(ledger.records, events);
  checks.expect('every acknowledged command has its event (lost = 0)', f.lost.length === 0, f.lost.slice(0, 10));
  checks.expect('no command has two events (duplicated = 0)', f.duplicated.length === 0, f.duplicated.slice(0, 10));
  checks.expect('each event is the expected type on the expected aggregate', f.wrongEvent.length === 0, f.wrongEvent.slice(0, 10));
  checks.expect('a refused command appended nothing', f.refusedButAppended.length === 0, f.refusedButAppended.slice(0, 10));
  checks.expect('no command-less event except the verifier’s', f.commandless.length === 0, f.commandless.slice(0, 10));
  checks.expect('X-Consistency-Token covers the command’s own event', f.tokenBehind.length === 0, f.tokenBehind.slice(0, 10));
  checks.expect('the verifier recorded at most one outcome per package', f.verifierTwice.length === 0, f.verifierTwice.slice(0, 10));
  checks.expect('event ids are unique in the stream', new Set(events.map((e) => e.id)).size === events.length);
  await checkReadModels(checks, natsUrl, system, events);
  if (system.subscriber) checkSubscriber(checks, system, events);
  checkNoUnexpectedExits(checks, system);
  const acked = ledger.records.filter((r) => r.outcome === 'acked');
  return {
    sent: ledger.count(),
    acknowledged: acked.length,
    refused: ledger.count('refused'),
    contested: ledger.records.filter(options.contested ?? (() => false)).length,
    unknown: ledger.count('unknown'),
    ambiguousAttempts: ledger.records.reduce((n, r) => n + r.ambiguous, 0),
    eventsFound: events.length,
    verifierEvents: f.verifierEvents,
    lost: f.lost.length,
    duplicated: f.duplicated.length,
    settleMs,
  };
}

/**
 * A run where every command was refused would find nothing lost: the commands that can succeed must
 * mostly succeed, and contests must have winners.
 */
export function checkAcknowledged(checks: Checks, ledger: CommandLedger, contested: (record: CommandRecord) => boolean): void {
  const open = ledger.records.filter((r) => !contested(r));
  const acked = open.filter((r) => r.outcome === 'acked').length;
  if (open.length > 0) {
    const share = acked / open.length;
    const refusals = [...new Set(open.filter((r) => r.outcome !== 'acked').map((r) => `${r.kind} ${r.status}`))].slice(0, 10);
    checks.expect(`at least ${MIN_ACKNOWLEDGED_SHARE * 100} % of the commands that can succeed acknowledged`, share >= MIN_ACKNOWLEDGED_SHARE, `${acked} of ${open.length} (${(share * 100).toFixed(1)} %); not acknowledged: ${refusals.join(', ')}`);
  }
  const contests = ledger.records.filter(contested);
  if (contests.length > 0) {
    const won = contests.filter((r) => r.outcome === 'acked').length;
    checks.expect('contested commands had winners', won > 0, `${won} of ${contests.length}`);
  }
}

/** A process that died without the harness killing it is a failure, even though it was restarted. */
export function checkNoUnexpectedExits(checks: Checks, system: System): void {
  for (const p of [...system.commands, system.projection, ...(system.subscriber ? [system.subscriber] : [])]) {
    checks.expect(`${p.name} never exited by itself`, p.unexpectedExits.length === 0, `${p.unexpectedExits.length}×; last: ${p.unexpectedExits.at(-1)?.slice(-1200) ?? ''}`);
  }
}

async function checkReadModels(checks: Checks, natsUrl: string, system: System, events: StreamEvent[]): Promise<void> {
  const fresh = await system.pg.createDatabase(`rebuilt_${randomBytes(4).toString('hex')}`);
  await rebuildInto(fresh, natsUrl);
  const compared = await compareReadModels(system.databaseUrl, fresh);
  log(`   read models at ${compared.position}: ${JSON.stringify(compared.rows)}`);
  checks.expect('read models equal a fresh rebuild from the stream', compared.differences.length === 0, compared.differences);
  checks.expect('event_history holds every stream event once', compared.rows.event_history === events.length, `${compared.rows.event_history} rows, ${events.length} events`);
  const fold = await compareWithFold(system.databaseUrl, events);
  checks.expect('read models hold exactly the live aggregates at their last stream version', fold.length === 0, fold);
}

function checkSubscriber(checks: Checks, system: System, events: StreamEvent[]): void {
  const wanted = events.filter((e) => e.type === 'accounts.PackageStateChanged');
  const missed = wanted.filter((e) => !system.subscriberSeen.has(e.seq));
  const again = [...system.subscriberSeen.values()].filter((n) => n > 1).length;
  log(`   example subscriber: ${wanted.length} state changes in the stream, ${wanted.length - missed.length} printed, ${again} printed more than once`);
  checks.expect('the example subscriber saw every state change at least once', missed.length === 0, missed.slice(0, 10).map((e) => `#${e.seq}`));
}
