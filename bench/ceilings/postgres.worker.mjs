// Raw Postgres ceilings on a table shaped like catalog_packages: 500-row `unnest` upserts, then
// primary-key lookups from a 16-client pool with the same number of requests in flight as the GET load.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { latencySummary } from '../lib/stats.mjs';

const config = JSON.parse(process.argv[2]);
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize });

// Every run starts from an empty table (a second run would reuse created_seq values).
await pool.query('DROP TABLE IF EXISTS ceiling_packages');
await pool.query(`CREATE TABLE ceiling_packages (
  id text PRIMARY KEY, title text NOT NULL, system text NOT NULL, aliases text[] NOT NULL DEFAULT '{}',
  description text, versioning jsonb NOT NULL, created_on timestamptz NOT NULL, created_by text NOT NULL,
  last_modified_on timestamptz NOT NULL, last_modified_by text NOT NULL, version bigint NOT NULL,
  created_seq bigint NOT NULL UNIQUE)`);

const UPSERT = `INSERT INTO ceiling_packages (id, title, system, aliases, description, versioning, created_on, created_by,
    last_modified_on, last_modified_by, version, created_seq)
  SELECT id, title, 'helm', ARRAY[alias], 'A package created by the benchmark.', versioning, now(), 'bench', now(), 'bench', seq, seq
    FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[]) AS t(id, title, alias, versioning, seq)
  ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, aliases = EXCLUDED.aliases, versioning = EXCLUDED.versioning,
    last_modified_on = EXCLUDED.last_modified_on, version = EXCLUDED.version`;

async function upserts() {
  const ids = [];
  const versioning = JSON.stringify({ scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 30 });
  const t = performance.now();
  for (let start = 0; start < config.rows; start += config.batch) {
    const n = Math.min(config.batch, config.rows - start);
    const batch = Array.from({ length: n }, (_, i) => ({ id: `pkg_${randomUUID()}`, seq: start + i + 1 }));
    ids.push(...batch.map((b) => b.id));
    await pool.query(UPSERT, [batch.map((b) => b.id), batch.map((b) => `Bench ${b.seq}`), batch.map((b) => `c-${b.seq}`), batch.map(() => versioning), batch.map((b) => b.seq)]);
  }
  return { ids, rowsPerSec: config.rows / ((performance.now() - t) / 1000) };
}

async function lookups(ids) {
  const latencies = [];
  const deadline = performance.now() + config.durationS * 1000;
  const t = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const { rows } = await pool.query('SELECT * FROM ceiling_packages WHERE id = $1', [ids[Math.floor(Math.random() * ids.length)]]);
      if (rows.length !== 1) throw new Error('lookup missed');
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: config.inFlight }, worker));
  return { lookupsPerSec: latencies.length / ((performance.now() - t) / 1000), latencyMs: latencySummary(latencies) };
}

const { ids, rowsPerSec } = await upserts();
const result = { upsertRowsPerSec: rowsPerSec, ...(await lookups(ids)) };
await pool.end();
console.log(JSON.stringify(result));
