import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import pg from 'pg';
import { call, streamEvents, tokenFor, waitFor } from './command-service.harness.js';
import { scrape, startProcess, startSystem, STREAM, total, type RunningProcess, type System } from './operations.harness.js';

// SPEC §8 observability over the running system: every named metric moves under a small load, and
// a correlation id is followed from the HTTP request into the event and the projector's log line.

let system: System;
let rival: RunningProcess;
let admin: string;

beforeAll(async () => {
  system = await startSystem({ command: { MAX_DELIVER: '2' } });
  // A second command-service process: its writes leave the first one's cached aggregate stale,
  // so the first one's next append meets a real expected-version conflict in JetStream.
  rival = await startProcess('command-service', { NATS_URL: system.nats.url, VERIFIER_ENABLED: 'false' });
  admin = await tokenFor('admin');
});
afterAll(async () => {
  await rival?.stop();
  await system?.close();
});

const write = (base: string, method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
  call(base, method, path, { token: admin, ...(body !== undefined && { body }), headers: extra });
const packageBody = (title = 'Argo Workflows') => ({ title, system: 'helm', aliases: [`ops-${randomUUID().slice(0, 8)}`] });
const delta = (after: Map<string, number>, before: Map<string, number>, name: string, labels: Record<string, string> = {}) =>
  total(after, name, labels) - total(before, name, labels);

describe('metrics (SPEC §8)', () => {
  it('counts request latency, appends, idempotent replays and append conflicts on the command service', async () => {
    const { command } = system;
    const before = await scrape(command.baseUrl);
    const key = { 'idempotency-key': `ops-${randomUUID()}` };
    const body = packageBody();
    const created = await write(command.baseUrl, 'POST', '/packages', body, key);
    const replayed = await write(command.baseUrl, 'POST', '/packages', body, key);
    expect([created.status, replayed.status]).toEqual([201, 201]);
    const id = (created.body as { id: string }).id;
    expect((replayed.body as { id: string }).id).toBe(id);

    const rivalWrite = await write(rival.baseUrl, 'PUT', `/packages/${id}/`, { title: 'Renamed elsewhere', system: 'helm' });
    expect(rivalWrite.status).toBe(200);
    const raced = await write(command.baseUrl, 'PUT', `/packages/${id}/`, { title: 'Renamed here', system: 'helm' });
    expect(raced.status).toBe(200); // re-decided on fresh state after the conflict
    const ours = raced.headers.get('etag') ?? '';
    expect((await write(rival.baseUrl, 'PUT', `/packages/${id}/`, { title: 'Again elsewhere', system: 'helm' })).status).toBe(200);
    const stale = await write(command.baseUrl, 'PUT', `/packages/${id}/`, { title: 'Stale', system: 'helm' }, { 'if-match': ours });
    expect(stale.status).toBe(412);

    const after = await scrape(command.baseUrl);
    expect(delta(after, before, 'events_appended_total', { family: 'catalog', type: 'PackageCreated' })).toBe(1);
    expect(delta(after, before, 'events_appended_total', { family: 'catalog', type: 'PackageUpdated' })).toBe(1);
    expect(delta(after, before, 'idempotent_replays_total')).toBe(1);
    expect(delta(after, before, 'append_conflicts_total')).toBe(2);
    expect(delta(after, before, 'http_request_duration_seconds_count', { method: 'POST', route: '/packages', status: '201' })).toBe(2);
    expect(delta(after, before, 'http_request_duration_seconds_count', { method: 'PUT', status: '412' })).toBe(1);
  });

  it('counts a subscriber redelivery and a dead letter for an event the verifier cannot act on', async () => {
    const before = await scrape(system.command.baseUrl);
    const nc = await connect({ servers: system.nats.url });
    try {
      const [accountId, packageId] = [randomUUID(), randomUUID()];
      const h = headers();
      h.set('ce-type', 'accounts.PackageCreated');
      const stray = { type: 'accounts.PackageCreated', schemaversion: 1, id: randomUUID(), source: `/accounts/${accountId}`, subject: packageId, data: {} };
      await jetstream(nc).publish(`artifacts.accounts.${accountId}.${packageId}`, JSON.stringify(stray), { headers: h });
    } finally {
      await nc.close();
    }
    const subscriber = { subscriber: 'package-verifier' };
    let after = before;
    await waitFor(async () => delta((after = await scrape(system.command.baseUrl)), before, 'dead_letters_total', subscriber) >= 1, 30_000);
    expect(delta(after, before, 'dead_letters_total', subscriber)).toBe(1);
    expect(delta(after, before, 'subscriber_redeliveries_total', subscriber)).toBeGreaterThanOrEqual(1);
  });

  it('shows projection lag in events and seconds while the projector is held back, and 0 once it caught up', async () => {
    const { command, query } = system;
    const first = await write(command.baseUrl, 'POST', '/packages', packageBody());
    await waitFor(async () => (await call(query.baseUrl, 'GET', `/packages/${(first.body as { id: string }).id}/`, { token: admin, headers: { 'x-consistency-token': first.headers.get('x-consistency-token') ?? '' } })).status === 200, 10_000);
    // Holding the checkpoint row blocks the projector's next batch (it locks that row first).
    const blocker = new pg.Client({ connectionString: system.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT position FROM projection_checkpoints FOR UPDATE');
      for (let i = 0; i < 3; i++) expect((await write(command.baseUrl, 'POST', '/packages', packageBody())).status).toBe(201);
      let held = new Map<string, number>();
      await waitFor(async () => total((held = await scrape(query.baseUrl)), 'projection_lag_events') >= 3, 10_000);
      expect(total(held, 'projection_lag_seconds')).toBeGreaterThan(0);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    let caughtUp = new Map<string, number>();
    await waitFor(async () => total((caughtUp = await scrape(query.baseUrl)), 'projection_lag_events') === 0, 10_000);
    expect(total(caughtUp, 'projection_lag_seconds')).toBe(0);
    expect(total(caughtUp, 'http_request_duration_seconds_count', { method: 'GET', route: '/packages/:package' })).toBeGreaterThanOrEqual(1);
  });
});

describe('correlation ids (SPEC §8)', () => {
  const followed = async (requestHeaders: Record<string, string>, expected: string) => {
    const { command, query } = system;
    const answer = await write(command.baseUrl, 'POST', '/packages', packageBody(), requestHeaders);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-correlation-id')).toBe(expected);
    const seq = Number(answer.headers.get('x-consistency-token'));
    const event = (await streamEvents(system.nats.url, STREAM)).find((e) => e.subject === (answer.body as { id: string }).id);
    expect(event).toMatchObject({ type: 'catalog.PackageCreated', correlationid: expected });
    await waitFor(async () => query.logLines().some((line) => line.msg === 'event applied' && line.correlationId === expected), 10_000, query.output);
    const applied = query.logLines().filter((line) => line.msg === 'event applied' && line.correlationId === expected);
    expect(applied).toEqual([expect.objectContaining({ service: 'projection-service', level: 'info', seq, type: 'catalog.PackageCreated', eventId: (event as { id: string }).id })]);
    const requestLine = () => command.logLines().find((line) => line.msg === 'request' && line.correlationId === expected);
    await waitFor(async () => requestLine() !== undefined, 5_000, command.output);
    expect(requestLine()).toMatchObject({ method: 'POST', route: '/packages', status: 201 });
  };

  it('follows X-Correlation-ID from the request to the event and the projector log line', async () => {
    const id = `ops-${randomUUID()}`;
    await followed({ 'x-correlation-id': id }, id);
  });

  it('takes the trace id of traceparent when X-Correlation-ID is absent', async () => {
    const traceId = randomUUID().replaceAll('-', '');
    await followed({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, traceId);
  });
});
