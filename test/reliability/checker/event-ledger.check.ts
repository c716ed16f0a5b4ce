import { SYSTEM_ACTOR } from '../../../libs/domain/src/event-meta.js';
import { EXPECTED_EVENT, type CommandRecord } from '../driver/command-ledger.js';
import type { StreamEvent } from './stream-reader.js';

export type LedgerFindings = {
  eventsFound: number;
  verifierEvents: number;
  lost: string[];
  duplicated: string[];
  wrongEvent: string[];
  refusedButAppended: string[];
  commandless: string[];
  tokenBehind: string[];
  verifierTwice: string[];
};

/**
 * Every 2xx has exactly one event (matched by its key, which the driver sent as the correlation id),
 * of the expected type on the expected aggregate, and a consistency token at or past it; a refused
 * command has none; the only events no command explains are the verifier's (nil actor, one per package).
 */
export function checkLedger(records: CommandRecord[], events: StreamEvent[]): LedgerFindings {
  const byKey = new Map(records.map((r) => [r.key, r]));
  const perKey = new Map<string, StreamEvent[]>();
  const findings: LedgerFindings = { eventsFound: events.length, verifierEvents: 0, lost: [], duplicated: [], wrongEvent: [], refusedButAppended: [], commandless: [], tokenBehind: [], verifierTwice: [] };
  const verified = new Map<string, number>();
  for (const event of events) {
    if (isVerifierEvent(event)) {
      findings.verifierEvents++;
      verified.set(event.subject, (verified.get(event.subject) ?? 0) + 1);
      continue;
    }
    if (!byKey.has(event.correlationid)) findings.commandless.push(`#${event.seq} ${event.type} correlation ${event.correlationid}`);
    else perKey.set(event.correlationid, [...(perKey.get(event.correlationid) ?? []), event]);
  }
  for (const record of records) checkRecord(record, perKey.get(record.key) ?? [], findings);
  for (const [subject, count] of verified) if (count > 1) findings.verifierTwice.push(`${subject}: ${count}`);
  return findings;
}

function checkRecord(record: CommandRecord, found: StreamEvent[], findings: LedgerFindings): void {
  const label = `${record.kind} ${record.key}`;
  if (found.length > 1) findings.duplicated.push(`${label}: #${found.map((e) => e.seq).join(', #')}`);
  if (record.outcome === 'refused' && found.length > 0) findings.refusedButAppended.push(`${label} answered ${record.status}`);
  if (record.outcome !== 'acked') return;
  const event = found[0];
  if (!event) {
    findings.lost.push(label);
    return;
  }
  if (event.type !== EXPECTED_EVENT[record.kind] || (record.subject !== undefined && event.subject !== record.subject)) {
    findings.wrongEvent.push(`${label}: #${event.seq} ${event.type} on ${event.subject}`);
  }
  if (record.consistencyToken === undefined || record.consistencyToken < event.seq) {
    findings.tokenBehind.push(`${label}: token ${record.consistencyToken} < #${event.seq}`);
  }
}

const isVerifierEvent = (event: StreamEvent): boolean => event.actor === SYSTEM_ACTOR && event.type === 'accounts.PackageStateChanged';
