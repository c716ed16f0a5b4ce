import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import { call, SECRET, waitFor, type Answer } from './command-service.harness.js';
import { scrape, startProcess, startSystem, STREAM, total, type RunningProcess, type System } from './operations.harness.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';

// Dead letters and auto-disable (SPEC §10) on a compressed clock: retried for 1.5 s instead of
// 24 h (WEBHOOK_RETRY_FOR), disabled after 3 s of failing instead of 5 days (WEBHOOK_DISABLE_AFTER).
const ENV = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_FIRST: '100ms', WEBHOOK_RETRY_MAX: '300ms', WEBHOOK_RETRY_FOR: '1500ms', WEBHOOK_DISABLE_AFTER: '3s' };
const SYSTEM_ACTOR = '00000000-0000-0000-0000-000000000000';

let system: System;
let admin: string;
let nc: NatsConnection;
let jsm: JetStreamManager;
const receivers: Receiver[] = [];
let standby: RunningProcess | undefined;

beforeAll(async () => {
  system = await startSystem({ command: ENV });
  admin = await signDevToken({ secret: SECRET, sub: randomUUID(), role: 'admin', ttl: '10m' });
  nc = await connect({ servers: system.nats.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await standby?.stop();
  await nc?.close();
  await system?.close();
});

const write = (method: string, path: string, body?: unknown): Promise<Answer> => call(system.command.baseUrl, method, path, { token: admin, ...(body !== undefined && { body }) });
const read = (path: string): Promise<Answer> => call(system.query.baseUrl, 'GET', path, { token: admin });
async function register(r: Receiver): Promise<string> {
  const answer = await write('POST', '/webhooks', { url: r.url });
  expect(answer.status).toBe(201);
  return (answer.body as { id: string }).id;
}
async function createPackage(): Promise<{ id: string; seq: number }> {
  const answer = await write('POST', '/packages', { title: 'P', system: 'helm' });
  return { id: (answer.body as { id: string }).id, seq: Number(answer.headers.get('x-consistency-token')) };
}

describe('webhook failures', () => {
  it('dead-letters an event after the retry window, for that webhook, and its aggregate moves on', async () => {
    const r = await startReceiver();
    receivers.push(r);
    r.answer = (event) => (event.type === 'catalog.PackageCreated' ? 500 : 204);
    const id = await register(r);
    const created = await createPackage();
    const first = await jsm.streams.getMessage(STREAM, { seq: created.seq });
    expect((await write('PUT', `/packages/${created.id}/`, { title: 'Q', system: 'helm' })).status).toBe(200);
    await waitFor(async () => r.received.some((got) => got.event.subject === created.id), 20_000);
    expect(r.received.map((got) => got.event.type)).toEqual(['catalog.PackageUpdated']);
    const letter = await jsm.streams.getMessage(`${STREAM}_DLQ`, { last_by_subj: `dlq.${STREAM}.webhook_${id.replaceAll('-', '')}` });
    expect(letter?.header.get('Dlq-Sequence')).toBe(String(created.seq));
    expect(letter && first && Buffer.from(letter.data).equals(Buffer.from(first.data))).toBe(true);
    const deadLettered = async () => ((await read(`/webhooks/${id}/deliveries`)).body as { data: { outcome: string; position: number }[] }).data.find((d) => d.outcome === 'dead-lettered');
    await waitFor(async () => (await deadLettered()) !== undefined, 5_000);
    expect((await deadLettered())?.position).toBe(created.seq);
    const metrics = await scrape(system.command.baseUrl);
    expect(total(metrics, 'webhook_dead_letters_total', { webhook: id })).toBe(1);
    expect(total(metrics, 'webhook_delivery_attempts_total', { outcome: 'failed' })).toBeGreaterThan(1);
    expect(total(metrics, 'webhook_engine_leader')).toBe(1);
    const ready = await call(system.command.baseUrl, 'GET', '/health/ready');
    expect(ready.body).toMatchObject({ status: 'ok', checks: { 'webhook-state': 'up' } });
  });

  it('sets an endpoint failing without a success for the whole window active: false, by an event', async () => {
    const r = await startReceiver();
    receivers.push(r);
    await r.down();
    const id = await register(r);
    await createPackage();
    await waitFor(async () => total(await scrape(system.command.baseUrl), 'webhook_lag_events', { webhook: id }) >= 1, 10_000);
    await waitFor(async () => total(await scrape(system.command.baseUrl), 'webhook_lag_seconds', { webhook: id }) > 0.2, 10_000);
    const deadline = Date.now() + 20_000;
    let disabled: Answer | undefined;
    while (Date.now() < deadline) {
      await createPackage();
      disabled = await read(`/webhooks/${id}`);
      if ((disabled.body as { active?: boolean }).active === false) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(disabled?.body).toMatchObject({ active: false, last_modified_by: SYSTEM_ACTOR });
    const last = await jsm.streams.getMessage(STREAM, { last_by_subj: `artifacts.webhooks.catalog.${id}` });
    const event = last?.json<{ type: string; actor: string; data: { failing_since: string } }>();
    expect([event?.type, event?.actor]).toEqual(['catalog.WebhookDisabled', SYSTEM_ACTOR]);
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schemas/events/catalog/WebhookDisabled.v1.json', import.meta.url), 'utf8')) as object);
    expect([validate(event), validate.errors ?? []]).toEqual([true, []]);
    expect(Date.now() - Date.parse(event?.data.failing_since ?? '')).toBeGreaterThan(3_000);
  });

  it('runs in one command-service replica at a time; another takes over when it is killed', async () => {
    standby = await startProcess('command-service', { NATS_URL: system.nats.url, ...ENV });
    const leaders = async () => [total(await scrape(system.command.baseUrl), 'webhook_engine_leader'), total(await scrape(standby?.baseUrl ?? ''), 'webhook_engine_leader')];
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await leaders()).toEqual([1, 0]);
    const r = await startReceiver();
    receivers.push(r);
    const id = await register(r);
    await system.command.stop('SIGKILL');
    const answer = await call(standby.baseUrl, 'POST', '/packages', { token: admin, body: { title: 'P', system: 'helm' } });
    const created = (answer.body as { id: string }).id;
    await waitFor(async () => r.received.some((got) => got.event.subject === created), 30_000);
    expect(total(await scrape(standby.baseUrl), 'webhook_engine_leader')).toBe(1);
    await waitFor(async () => ((await read(`/webhooks/${id}/deliveries`)).body as { data: unknown[] }).data.length > 0, 5_000);
  });
});
