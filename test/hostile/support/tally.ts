// Counts what a test file sent and found, printed by the summary reporter at the end of the run;
// and the seed every generated batch comes from (HOSTILE_SEED replays a run).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { HostileRequest, Reply } from './client.js';
import { checkReply, type Violation } from './invariants.js';

export type Tally = {
  perEndpoint: Record<string, number>;
  fiveHundreds: number;
  schemaFailures: number;
  stackTraces: number;
  stateChanges: number;
  leaks: number;
};

export type Finding = { request: HostileRequest; reply: Reply | undefined; violations: Violation[]; index: number };

export function newTally(): Tally {
  return { perEndpoint: {}, fiveHundreds: 0, schemaFailures: 0, stackTraces: 0, stateChanges: 0, leaks: 0 };
}

/** Checks the shared invariants plus `extra`, counts the case, and returns what broke. */
export function record(tally: Tally, request: HostileRequest, reply: Reply, extra: Violation[] = []): Violation[] {
  tally.perEndpoint[request.endpoint] = (tally.perEndpoint[request.endpoint] ?? 0) + 1;
  const violations = [...checkReply(request, reply), ...extra];
  for (const v of violations) {
    if (v.kind === 'status-5xx') tally.fiveHundreds += 1;
    if (v.kind === 'schema' || v.kind === 'media-type') tally.schemaFailures += 1;
    if (v.kind === 'stack-trace') tally.stackTraces += 1;
    if (v.kind === 'leak') tally.leaks += 1;
  }
  return violations;
}

/** Writes the file's tally where the reporter collects it (nothing when run outside the hostile config). */
export function saveTally(tally: Tally, testFile: string): void {
  const dir = process.env.HOSTILE_TALLY_DIR;
  if (dir) writeFileSync(join(dir, `${basename(testFile)}.json`), JSON.stringify(tally));
}

/** The run's seed: HOSTILE_SEED when given (replay), else a fresh one. */
export function runSeed(): number {
  const given = process.env.HOSTILE_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) throw new Error(`HOSTILE_SEED must be an integer, got "${given}"`);
    return seed;
  }
  return Math.floor(Math.random() * 0x7fffffff);
}

export const replayHint = (seed: number): string => `seed ${seed}; replay with: HOSTILE_SEED=${seed} npm run test:hostile`;

const clip = (text: string, n = 600): string => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);

/** A finding as a reviewer needs it: the request (replayable), the answer, what broke. */
export function describeFinding(f: Finding): string {
  const { request: r } = f;
  const body = r.raw ? `raw ${JSON.stringify(clip(r.raw.toString('latin1')))}` : r.body === undefined ? '(no body)' : clip(String(r.body));
  const headers = clip(JSON.stringify(r.headers), 400);
  const reply = f.reply ? `${f.reply.status} ${clip(f.reply.text, 400)}` : '(no reply)';
  return `#${f.index} [${r.endpoint}] ${r.method} ${clip(r.path, 200)}\n  headers ${headers}\n  body ${body}\n  → ${reply}\n  broke: ${f.violations.map((v) => `${v.kind}: ${v.message}`).join(' | ')}`;
}

/** Throws with the seed, the replay hint and the first findings when there are any. */
export function assertNoFindings(findings: Finding[], seed: number, what: string): void {
  if (findings.length === 0) return;
  const file = join(tmpdir(), `hostile-findings-${seed}-${Date.now()}.txt`);
  writeFileSync(file, findings.map(describeFinding).join('\n'));
  const shown = findings.slice(0, 15).map(describeFinding).join('\n');
  throw new Error(`${findings.length} ${what} broke an invariant (${replayHint(seed)}); all of them in ${file}\n${shown}`);
}
