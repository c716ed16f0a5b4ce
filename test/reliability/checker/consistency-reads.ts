import type { CommandLedger, CommandRecord } from '../driver/command-ledger.js';
import { log, type Checks } from '../support/checks.js';
import { delay } from '../support/wait.js';

export type ReadFigures = {
  reads: number;
  /** 200 with the written state or newer (404 after an acknowledged delete). */
  fresh: number;
  /** 503: the projector did not reach the token within CONSISTENCY_WAIT_MS. */
  unavailable: number;
  /** No HTTP answer: the projection service was being killed. */
  unanswered: number;
  /** 200 with an older state than the token's write, or the wrong presence: the read side lied. */
  stale: string[];
  /** Any other status: neither the state nor an honest 503. */
  wrong: string[];
  /** Longest a 503 took to come back. */
  slowest503Ms: number;
};

type Read = { record: CommandRecord; path: string; expect: 'present' | 'absent' };

const READABLE = new Set(['catalog.create', 'catalog.update', 'catalog.delete', 'accounts.create', 'accounts.put', 'accounts.delete']);
/** Reads pick among the latest acknowledged writes: those the projector is most likely not to have applied yet. */
const RECENT = 200;

/**
 * Readers issuing consistency-token queries while the chaos runs: each takes a recent acknowledged
 * write, asks the query service for its aggregate with `X-Consistency-Token` = the write's token,
 * and judges the answer. Allowed: 200 with that write's state or a newer one (ETag ≥ the write's),
 * 404 once the aggregate's delete was sent, or 503. Anything else is counted; a stale answer is
 * what must never happen.
 */
export function startConsistencyReaders(options: { queryUrl: string; token: string; ledger: CommandLedger; readers: number; pauseMs: number }) {
  const figures: ReadFigures = { reads: 0, fresh: 0, unavailable: 0, unanswered: 0, stale: [], wrong: [], slowest503Ms: 0 };
  const recent: Read[] = [];
  /** Subjects whose delete was sent (any outcome): a 404 for an older write of theirs is right. */
  const deletes = new Set<string>();
  let pending: CommandRecord[] = [];
  let scanned = 0;
  let stopping = false;
  const refresh = (): void => {
    const records = options.ledger.records;
    for (; scanned < records.length; scanned++) {
      const record = records[scanned] as CommandRecord;
      pending.push(record);
      if (record.kind.endsWith('.delete') && record.subject) deletes.add(record.subject);
    }
    const unsettled: CommandRecord[] = [];
    for (const record of pending) {
      if (record.outcome === 'unknown') {
        unsettled.push(record);
        continue;
      }
      const read = readOf(record);
      if (read) recent.push(read);
      if (recent.length > RECENT) recent.shift();
    }
    pending = unsettled;
  };
  const loop = async (): Promise<void> => {
    while (!stopping) {
      refresh();
      const read = recent[Math.floor(Math.random() * recent.length)];
      if (read) await judge(read, options, figures, () => (refresh(), deletes));
      await delay(options.pauseMs);
    }
  };
  const loops = Array.from({ length: options.readers }, loop);
  return {
    figures,
    async stop(): Promise<ReadFigures> {
      stopping = true;
      await Promise.all(loops);
      return figures;
    },
  };
}

/** Four readers, ~100 consistency-token reads a second at most between them: what each scenario runs. */
export const READERS = { readers: 4, pauseMs: 40 } as const;

/**
 * One line of what the readers `where` saw, and the checks every scenario makes of it: at least
 * `minFresh` answers with the written state (the readers really ran), none stale, and nothing but
 * 200 or 503. Returns the stale count for the scenario's figures.
 */
export function expectHonestReads(checks: Checks, reads: ReadFigures, where: string, minFresh: number): number {
  log(`   consistency-token reads ${where}: ${reads.reads} answered (${reads.fresh} with the written state or newer, ${reads.unavailable} 503, slowest 503 ${reads.slowest503Ms} ms), ${reads.unanswered} unanswered; stale ${reads.stale.length}, other answers ${reads.wrong.length}`);
  checks.expect(`readers ran ${where} (≥ ${minFresh} reads with the written state)`, reads.fresh >= minFresh, reads.fresh);
  checks.expect(`no consistency-token read ${where} was stale (stale reads = 0)`, reads.stale.length === 0, reads.stale.slice(0, 10));
  checks.expect(`every consistency-token read ${where} answered 200 with the written state or 503`, reads.wrong.length === 0, reads.wrong.slice(0, 10));
  return reads.stale.length;
}

function readOf(record: CommandRecord): Read | undefined {
  if (record.outcome !== 'acked' || record.consistencyToken === undefined || !record.subject || !READABLE.has(record.kind)) return undefined;
  const [, family, a, b] = record.subject.split('.');
  const path = family === 'catalog' ? `/packages/${a}/` : `/accounts/${a}/core/v1/packages/${b}`;
  return { record, path, expect: record.kind.endsWith('.delete') ? 'absent' : 'present' };
}

async function judge(read: Read, options: { queryUrl: string; token: string }, figures: ReadFigures, deletes: () => Set<string>): Promise<void> {
  const started = Date.now();
  const { record } = read;
  let response: Response;
  try {
    response = await fetch(`${options.queryUrl}${read.path}`, {
      headers: { authorization: `Bearer ${options.token}`, 'x-consistency-token': String(record.consistencyToken) },
      signal: AbortSignal.timeout(20_000),
    });
    await response.arrayBuffer();
  } catch {
    figures.unanswered++;
    return;
  }
  figures.reads++;
  const etag = Number(/^"(\d+)"$/.exec(response.headers.get('etag') ?? '')?.[1] ?? NaN);
  // A delete of the aggregate sent since (the lane's next command) makes a 404 right for an older write.
  const deleted = read.expect === 'absent' || deletes().has(record.subject as string);
  const what = `${record.kind} ${record.key} token ${record.consistencyToken} etag ${record.etag ?? '?'} → ${response.status} etag ${Number.isNaN(etag) ? '-' : etag}`;
  if (response.status === 503) {
    figures.unavailable++;
    figures.slowest503Ms = Math.max(figures.slowest503Ms, Date.now() - started);
  } else if (response.status === 200 && read.expect === 'present' && (record.etag === undefined || etag >= record.etag)) {
    figures.fresh++;
  } else if (response.status === 404 && deleted) {
    figures.fresh++;
  } else if (response.status === 200 || response.status === 404) {
    figures.stale.push(what);
  } else {
    figures.wrong.push(what);
  }
}
