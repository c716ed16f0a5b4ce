import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { call, streamEvents, tokenFor, waitFor } from './command-service.harness.js';
import { startProcess, STREAM, type RunningProcess } from './operations.harness.js';

// SPEC §8 shutdown: stop accepting, finish appends, drain consumers, close. SIGTERM lands in the
// middle of a burst of writes; every write a client saw acknowledged must survive it.

let nats: NatsServer;
let db: TestDatabase;
let command: RunningProcess;
let query: RunningProcess;
let admin: string;

beforeAll(async () => {
  [nats, db] = await Promise.all([startNats(), createTestDatabase()]);
  command = await startProcess('command-service', { NATS_URL: nats.url, LOG_LEVEL: 'warn' });
  query = await startProcess('projection-service', { NATS_URL: nats.url, DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
  admin = await tokenFor('admin');
});
afterAll(async () => {
  await Promise.all([command?.stop(), query?.stop()]);
  await nats?.stop();
  await db?.drop();
});

type Outcome = { status: number; id?: string; position?: number } | { error: string };
const acked = (outcomes: Outcome[]) => outcomes.flatMap((o) => ('status' in o && o.status === 201 && o.id && o.position ? [{ id: o.id, position: o.position }] : []));

/** `loops` clients creating Packages back to back until `done()` or their connection fails. */
function burst(baseUrl: string, done: () => boolean, loops = 8): { outcomes: Outcome[]; finished: Promise<void> } {
  const outcomes: Outcome[] = [];
  const loop = async () => {
    while (!done()) {
      try {
        const answer = await call(baseUrl, 'POST', '/packages', { token: admin, body: { title: 'Burst', system: 'kube', aliases: [`b-${randomUUID()}`] } });
        const body = answer.body as { id?: string };
        outcomes.push({ status: answer.status, ...(body?.id && { id: body.id }), position: Number(answer.headers.get('x-consistency-token')) });
        if (answer.status === 503) return;
      } catch (err) {
        outcomes.push({ error: String((err as Error).cause ?? err) });
        return;
      }
    }
  };
  return { outcomes, finished: Promise.all(Array.from({ length: loops }, loop)).then(() => undefined) };
}

async function sql<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const checkpoint = async () => Number((await sql<{ position: string }>('SELECT position FROM projection_checkpoints'))[0]?.position);

/** The projector's durable: what it acked last (a graceful stop acks every batch it committed). */
async function ackFloor(): Promise<number> {
  const nc = await connect({ servers: nats.url });
  try {
    return (await (await jetstreamManager(nc)).consumers.info(STREAM, 'proj_readmodels_v1')).ack_floor.stream_seq;
  } finally {
    await nc.close();
  }
}

/** Readers listing packages back to back over keep-alive connections until theirs fails. */
function readBurst(baseUrl: string, loops = 4): { ok: () => number; finished: Promise<void> } {
  let ok = 0;
  const loop = async () => {
    for (;;) {
      const answer = await call(baseUrl, 'GET', '/packages?page_size=5', { token: admin }).catch(() => undefined);
      if (answer?.status !== 200) return;
      ok++;
    }
  };
  return { ok: () => ok, finished: Promise.all(Array.from({ length: loops }, loop)).then(() => undefined) };
}

describe('graceful shutdown (SPEC §8)', () => {
  it('projection service: SIGTERM while it projects a burst commits what it took, and a restart applies every event once', async () => {
    let stop = false;
    const run = burst(command.baseUrl, () => stop);
    await waitFor(async () => acked(run.outcomes).length >= 20, 20_000);
    const reads = readBurst(query.baseUrl);
    await waitFor(async () => reads.ok() >= 20, 20_000);
    const signalled = Date.now();
    // Nest closes the app, then re-raises the signal: exiting by SIGTERM is its graceful end.
    expect(await query.stop('SIGTERM')).toBe('SIGTERM');
    expect(Date.now() - signalled).toBeLessThan(10_000); // readers' keep-alive connections do not hold it
    await reads.finished;
    expect(await ackFloor()).toBe(await checkpoint());
    await waitFor(async () => acked(run.outcomes).length >= 60, 20_000);
    stop = true;
    await run.finished;
    const writes = acked(run.outcomes);
    expect(run.outcomes.every((o) => 'status' in o && o.status === 201)).toBe(true);

    query = await startProcess('projection-service', { NATS_URL: nats.url, DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    const last = Math.max(...writes.map((w) => w.position));
    const read = await call(query.baseUrl, 'GET', `/packages?page_size=1000`, { token: admin, headers: { 'x-consistency-token': String(last) } });
    expect(read.status).toBe(200);
    const ids = writes.map((w) => w.id);
    const rows = await sql<{ packages: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM catalog_packages WHERE id = ANY($1)) AS packages,
              (SELECT count(*)::int FROM event_history WHERE subject = ANY($2)) AS events`,
      [ids, ids.map((id) => `artifacts.catalog.${id}`)],
    );
    expect(rows[0]).toEqual({ packages: writes.length, events: writes.length });
  });

  it('command service: SIGTERM during a burst answers what it accepted, loses no acknowledged write, then refuses', async () => {
    const run = burst(command.baseUrl, () => false, 16);
    await waitFor(async () => acked(run.outcomes).length >= 40, 20_000);
    const signalled = Date.now();
    command.child.kill('SIGTERM');
    // Prompt: keep-alive connections busy at the signal must not hold the close open.
    expect(await command.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    await run.finished;
    expect(command.output()).not.toMatch(/"level":"(error|fatal)"/);
    // Every answer is a 201, or a 503 to a request that arrived while closing (nothing appended);
    // the other requests never got an answer (refused or closed connection).
    expect(run.outcomes.filter((o) => 'status' in o && o.status !== 201 && o.status !== 503)).toEqual([]);
    const writes = acked(run.outcomes);
    const stored = new Set((await streamEvents(nats.url, STREAM)).filter((e) => e.type === 'catalog.PackageCreated').map((e) => e.subject));
    expect(writes.filter((w) => !stored.has(w.id))).toEqual([]);
    await expect(fetch(`${command.baseUrl}/health/live`)).rejects.toThrow();
    const last = Math.max(...writes.map((w) => w.position));
    for (const { id } of writes.slice(-5)) {
      const answer = await call(query.baseUrl, 'GET', `/packages/${id}/`, { token: admin, headers: { 'x-consistency-token': String(last) } });
      expect(answer.status).toBe(200);
    }
  });
});
