import { randomBytes } from 'node:crypto';
import type { CommandLedger } from '../driver/command-ledger.js';
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
  unknown: number;
  ambiguousAttempts: number;
  eventsFound: number;
  verifierEvents: number;
  lost: number;
  duplicated: number;
  settleMs: number;
};

/** Everything §6/§7 promise about a finished run, checked from the outside; returns the figures. */
export async function verifyRun(checks: Checks, natsUrl: string, system: System, ledger: CommandLedger): Promise<RunFigures> {
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
  const acked = ledger.records.filter((r) => r.outcome === 'acked');
  return {
    sent: ledger.count(),
    acknowledged: acked.length,
    refused: ledger.count('refused'),
    unknown: ledger.count('unknown'),
    ambiguousAttempts: ledger.records.reduce((n, r) => n + r.ambiguous, 0),
    eventsFound: events.length,
    verifierEvents: f.verifierEvents,
    lost: f.lost.length,
    duplicated: f.duplicated.length,
    settleMs,
  };
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
