import { randomBytes } from 'node:crypto';
import { expectHonestReads, READERS, startConsistencyReaders } from '../checker/consistency-reads.js';
import { readStream, type StreamEvent } from '../checker/stream-reader.js';
import { verifyRun } from '../checker/verify-run.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { catalogSubject, CommandClient } from '../driver/http-client.js';
import { log, type Checks } from '../support/checks.js';
import { startNatsNode } from '../support/nats-nodes.js';
import { startSystem, type System } from '../support/system.js';

const WRITERS = 32;
const ROUNDS = 6;

type Win = { key: string; etag: number | undefined; ifMatch?: number };

/**
 * §6 optimistic concurrency across processes: 32 writers PUT one catalog package through two
 * command-service processes, first re-decided without If-Match, then with If-Match. Each version
 * has one winner, and the read model equals a serial replay of the aggregate's events.
 */
export async function concurrency(checks: Checks): Promise<void> {
  const nats = await startNatsNode();
  const system = await startSystem({ natsUrl: nats.url, commandServices: 2, subscriber: false });
  try {
    const ledger = new CommandLedger();
    const runId = randomBytes(3).toString('hex');
    let phase = 0;
    const client = (i: number): CommandClient =>
      new CommandClient({ baseUrls: [system.commandUrls[Math.abs(i) % 2] as string], token: system.token, runId: `${runId}-p${phase}-w${i}`, ledger });
    const created = await client(-1).send({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: 'Contended', system: 'helm' } });
    const id = String(created?.body?.id);
    const subject = catalogSubject(id);
    const readers = startConsistencyReaders({ queryUrl: system.queryUrl, token: system.token, ledger, ...READERS });
    const free = await writeAll(client, id, undefined);
    phase++;
    const guarded = await writeAll(client, id, system);
    const staleReads = expectHonestReads(checks, await readers.stop(), 'during the PUTs', 20);
    const events = (await readStream(nats.url)).filter((e) => e.subject === subject);
    judge(checks, [...free, ...guarded], guarded, events);
    await compareWithReplay(checks, system, id, events);
    // Every PUT competes with 31 others; the create does not.
    const figures = await verifyRun(checks, nats.url, system, ledger, { contested: (r) => r.kind === 'catalog.update' });
    checks.figures({ ...figures, staleReads, recoverMs: figures.settleMs, recoverWhat: 'no fault injected: read models at the stream end after the last PUT' });
    log(`   ${WRITERS} writers × ${ROUNDS} PUTs × 2 phases: ${free.length} + ${guarded.length} won, ${figures.refused} lost (409/412); events ${figures.eventsFound}, lost ${figures.lost}, duplicated ${figures.duplicated}`);
  } finally {
    await system.stop();
    await nats.kill();
    await nats.remove();
  }
}

/** All writers at once; with `ifMatch` each sends the version it last saw and re-reads it after a 412. */
async function writeAll(client: (i: number) => CommandClient, id: string, system: System | undefined): Promise<Win[]> {
  const wins: Win[] = [];
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, i) => {
      const writer = client(i);
      let seen = system ? await currentVersion(system, id) : undefined;
      for (let round = 0; round < ROUNDS; round++) {
        const headers = seen === undefined ? undefined : { 'if-match': `"${seen}"` };
        const body = { title: `${system ? 'guarded' : 'free'} writer ${i} round ${round}`, system: 'helm' };
        const reply = await writer.send({ kind: 'catalog.update', method: 'PUT', path: `/packages/${id}/`, subject: catalogSubject(id), body, ...(headers && { headers }) });
        const record = writer.lastRecord;
        if (reply && reply.status < 300 && record) wins.push({ key: record.key, etag: record.etag, ...(seen !== undefined && { ifMatch: seen }) });
        if (system) seen = reply?.status === 200 ? record?.etag : await currentVersion(system, id);
      }
    }),
  );
  return wins;
}

/** The version the query side reports (it may lag: a stale one only costs the writer a 412). */
async function currentVersion(system: System, id: string): Promise<number | undefined> {
  const response = await fetch(`${system.queryUrl}/packages/${id}/`, { headers: { authorization: `Bearer ${system.token}` } });
  await response.text();
  const etag = /^"(\d+)"$/.exec(response.headers.get('etag') ?? '')?.[1];
  return etag ? Number(etag) : undefined;
}

function judge(checks: Checks, wins: Win[], guarded: Win[], events: StreamEvent[]): void {
  // Without winners every check below would pass on an empty list.
  const free = wins.length - guarded.length;
  checks.expect(`each phase had at least ${ROUNDS} winners`, free >= ROUNDS && guarded.length >= ROUNDS, { free, guarded: guarded.length });
  const etags = wins.map((w) => w.etag);
  checks.expect('no two 2xx answers carry the same resulting ETag', new Set(etags).size === etags.length && etags.every((e) => e !== undefined), etags);
  const bySeq = new Map(events.map((e, index) => [e.seq, { event: e, previous: events[index - 1]?.seq }]));
  const mismatched = wins.filter((w) => bySeq.get(w.etag ?? -1)?.event.correlationid !== w.key);
  checks.expect('each winner’s ETag is the sequence of its own event', mismatched.length === 0, mismatched.slice(0, 5));
  const perVersion = new Map<number, number>();
  for (const w of guarded) perVersion.set(w.ifMatch ?? -1, (perVersion.get(w.ifMatch ?? -1) ?? 0) + 1);
  const shared = [...perVersion].filter(([, n]) => n > 1);
  checks.expect('with If-Match, one winner per version', shared.length === 0, shared);
  const offBase = guarded.filter((w) => bySeq.get(w.etag ?? -1)?.previous !== w.ifMatch);
  checks.expect('with If-Match, each winner’s event directly follows the version it named', offBase.length === 0, offBase.slice(0, 5));
  const updates = events.filter((e) => e.type === 'catalog.PackageUpdated').length;
  checks.expect('one PackageUpdated per 2xx PUT', updates === wins.length, `${updates} events, ${wins.length} wins`);
}

/** Serial replay of the aggregate's events (the last update's title, the last sequence) vs the read model. */
async function compareWithReplay(checks: Checks, system: System, id: string, events: StreamEvent[]): Promise<void> {
  const last = events.at(-1);
  const title = events.filter((e) => e.type !== 'catalog.PackageDeleted').map((e) => e.data.title).filter((t) => t !== undefined).at(-1);
  const response = await fetch(`${system.queryUrl}/packages/${id}/`, {
    headers: { authorization: `Bearer ${system.token}`, 'x-consistency-token': String(last?.seq) },
  });
  const body = (await response.json()) as { title?: string };
  const etag = response.headers.get('etag');
  checks.expect('final state equals a serial replay of the stream', body.title === title && etag === `"${String(last?.seq)}"`, { read: { title: body.title, etag }, replay: { title, seq: last?.seq } });
}
