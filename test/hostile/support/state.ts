// What "changed nothing" means, measured from outside: the stream's message count (raw NATS
// client) and a digest of every read-model table, taken once the system is quiet — the verifier
// has handled everything and the projector has applied the stream up to its end.
import { createHash } from 'node:crypto';
import { waitFor } from '../../e2e/command-service.harness.js';
import { STREAM, type System } from './system.js';

export type Snapshot = { messages: number; lastSeq: number; digest: string };

const TABLES = ['catalog_packages', 'catalog_version_sets', 'catalog_components', 'catalog_releases', 'account_packages', 'event_history'] as const;
const VERIFIER = 'sub_package-verifier';

export async function streamState(system: System): Promise<{ messages: number; lastSeq: number }> {
  const { state } = await system.jsm.streams.info(STREAM);
  return { messages: state.messages, lastSeq: state.last_seq };
}

/** Waits until the verifier has nothing pending and the projector's checkpoint is the stream's end. */
export async function settle(system: System, timeoutMs = 30_000): Promise<void> {
  let seen = '';
  await waitFor(async () => {
    const { lastSeq } = await streamState(system);
    const verifier = await system.jsm.consumers.info(STREAM, VERIFIER).catch(() => undefined);
    const verifierDone = verifier === undefined || (verifier.num_pending === 0 && verifier.num_ack_pending === 0);
    const { rows } = await system.pool.query<{ position: string }>("SELECT position FROM projection_checkpoints WHERE name = 'readmodels'");
    const position = Number(rows[0]?.position ?? 0);
    seen = `stream at ${lastSeq}, projector at ${position}, verifier pending ${verifier?.num_pending ?? '-'}/${verifier?.num_ack_pending ?? '-'}`;
    // The verifier may have appended after we read lastSeq: compare again on the next poll.
    return verifierDone && position === lastSeq && (await streamState(system)).lastSeq === lastSeq;
  }, timeoutMs, () => `the system did not settle: ${seen}\nprojection service log (tail):\n${system.query.output().slice(-3000)}`);
}

export async function snapshot(system: System): Promise<Snapshot> {
  await settle(system);
  const hash = createHash('sha256');
  for (const table of TABLES) {
    const { rows } = await system.pool.query<{ digest: string | null; n: string }>(
      `SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest, count(*) AS n FROM ${table} t`,
    );
    hash.update(`${table}:${rows[0]?.n}:${rows[0]?.digest ?? ''}\n`);
  }
  return { ...(await streamState(system)), digest: hash.digest('hex') };
}

/** Human-readable difference of two snapshots; '' when nothing changed. */
export function difference(before: Snapshot, after: Snapshot): string {
  const parts: string[] = [];
  if (before.messages !== after.messages) parts.push(`stream messages ${before.messages} → ${after.messages}`);
  if (before.digest !== after.digest) parts.push('read-model digest changed');
  return parts.join('; ');
}
