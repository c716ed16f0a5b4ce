import { spawn } from 'node:child_process';
import pg from 'pg';
import { ROOT } from '../support/managed-process.js';
import type { StreamEvent } from './stream-reader.js';

const TABLES = [
  { name: 'catalog_packages', order: 'id' },
  { name: 'catalog_version_sets', order: 'package_id, number' },
  { name: 'catalog_components', order: 'package_id, versionset_number, name' },
  { name: 'catalog_releases', order: 'package_id, version_key' },
  { name: 'account_packages', order: 'account_id, id' },
  { name: 'event_history', order: 'seq' },
] as const;

export type ReadModelFindings = { position: number; rows: Record<string, number>; differences: string[] };

/** Runs `npm run projections:rebuild`'s program into a database of its own. */
export async function rebuildInto(databaseUrl: string, natsUrl: string): Promise<void> {
  const child = spawn(process.execPath, ['dist/apps/projection-service/src/rebuild.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NATS_URL: natsUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`rebuild exited with ${code}: ${err}`);
}

/** Every read-model row of the live database equals the fresh rebuild's, at the same checkpoint. */
export async function compareReadModels(liveUrl: string, rebuiltUrl: string): Promise<ReadModelFindings> {
  const [live, rebuilt] = [new pg.Client({ connectionString: liveUrl }), new pg.Client({ connectionString: rebuiltUrl })];
  await Promise.all([live.connect(), rebuilt.connect()]);
  try {
    const findings: ReadModelFindings = { position: await checkpoint(live), rows: {}, differences: [] };
    const other = await checkpoint(rebuilt);
    if (other !== findings.position) findings.differences.push(`checkpoint: live ${findings.position}, rebuilt ${other}`);
    for (const table of TABLES) {
      const [a, b] = await Promise.all([rowsOf(live, table), rowsOf(rebuilt, table)]);
      findings.rows[table.name] = a.length;
      if (a.length !== b.length) findings.differences.push(`${table.name}: live ${a.length} rows, rebuilt ${b.length}`);
      const differing = a.filter((row, i) => row !== b[i]);
      if (differing.length > 0) findings.differences.push(`${table.name}: ${differing.length} rows differ, first ${differing[0]?.slice(0, 300)}`);
    }
    return findings;
  } finally {
    await Promise.all([live.end(), rebuilt.end()]);
  }
}

async function checkpoint(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ position: string }>("SELECT position FROM projection_checkpoints WHERE name = 'readmodels'");
  return Number(rows[0]?.position ?? 0);
}

async function rowsOf(client: pg.Client, table: (typeof TABLES)[number]): Promise<string[]> {
  const { rows } = await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table.name} t ORDER BY ${table.order}`);
  return rows.map((r) => r.row);
}

/**
 * An independent fold of the stream, per aggregate: live or deleted, and its version (the sequence
 * of its last event). The live read models must hold exactly the live aggregates at those versions.
 */
export async function compareWithFold(liveUrl: string, events: StreamEvent[]): Promise<string[]> {
  const fold = new Map<string, { version: number; deleted: boolean }>();
  for (const e of events) fold.set(e.subject, { version: e.seq, deleted: e.type.endsWith('.PackageDeleted') });
  const expected = [...fold].filter(([, s]) => !s.deleted).map(([subject, s]) => `${subject}@${s.version}`).sort();
  const client = new pg.Client({ connectionString: liveUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string }>(
      `SELECT 'artifacts.catalog.' || id || '@' || version AS key FROM catalog_packages
       UNION ALL SELECT 'artifacts.accounts.' || account_id || '.' || id || '@' || version FROM account_packages`,
    );
    const actual = rows.map((r) => r.key).sort();
    const [want, have] = [new Set(expected), new Set(actual)];
    const missing = expected.filter((k) => !have.has(k));
    const extra = actual.filter((k) => !want.has(k));
    return [...missing.slice(0, 5).map((k) => `missing or stale ${k}`), ...extra.slice(0, 5).map((k) => `unexpected ${k}`)].concat(
      missing.length + extra.length > 10 ? [`… ${missing.length} missing, ${extra.length} unexpected in all`] : [],
    );
  } finally {
    await client.end();
  }
}
