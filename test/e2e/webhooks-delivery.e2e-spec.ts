import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import { freePort } from '../support/nats-server.js';
import { buildOnce, call, SECRET, waitFor, type Answer } from './command-service.harness.js';
import { startProcess, startSystem, STREAM, type RunningProcess, type System } from './operations.harness.js';
import { seedBody } from './support/astra-seed.js';
import { startReceiver, verified, type Receiver } from './support/webhook-receiver.js';

// Webhook delivery end to end (SPEC §10): the built services, a private nats-server and receivers on
// loopback. Retries start at 200 ms and are capped at 1 s here (WEBHOOK_RETRY_FIRST/MAX), so the
// receiver's 60 s outage spans dozens of retries; production's schedule is 5 s doubling to 1 h.
const WEBHOOK_ENV = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_FIRST: '200ms', WEBHOOK_RETRY_MAX: '1s' };

let system: System;
let base: string;
let admin: string;
let nc: NatsConnection;
let jsm: JetStreamManager;
const receivers: Receiver[] = [];
const extra: RunningProcess[] = [];

beforeAll(async () => {
  system = await startSystem({ gateway: true, command: WEBHOOK_ENV });
  base = system.gateway?.baseUrl ?? '';
  admin = await signDevToken({ secret: SECRET, sub: randomUUID(), role: 'admin', ttl: '10m' });
  nc = await connect({ servers: system.nats.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await Promise.all(extra.map((p) => p.stop('SIGKILL')));
  await nc?.close();
  await system?.close();
});

const send = (method: string, path: string, body?: unknown, token = admin, at = base): Promise<Answer> => call(at, method, path, { token, ...(body !== undefined && { body }) });
const receiver = async () => {
  const started = await startReceiver();
  receivers.push(started);
  return started;
};
async function register(url: string, body: Record<string, unknown> = {}, path = '/webhooks', token = admin): Promise<{ id: string; secret: string }> {
  const answer = await send('POST', path, { url, ...body }, token);
  expect(answer.status).toBe(201);
  return answer.body as { id: string; secret: string };
}
async function createPackage(at = base): Promise<string> {
  const answer = await send('POST', '/packages', { title: 'P', system: 'helm' }, admin, at);
  expect(answer.status).toBe(201);
  return (answer.body as { id: string }).id;
}
async function updatePackage(id: string, n: number, at = base): Promise<void> {
  expect((await send('PUT', `/packages/${id}/`, { title: `P ${n}`, system: 'helm' }, admin, at)).status).toBe(200);
}
/** Creates `count` packages at once, then updates each `updates` times (packages in parallel). */
async function burst(count: number, updates: number, at = base): Promise<string[]> {
  const ids = await Promise.all(Array.from({ length: count }, () => createPackage(at)));
  await Promise.all(ids.map(async (id) => { for (let n = 1; n <= updates; n++) await updatePackage(id, n, at); }));
  return ids;
}

type Stored = { seq: number; subject: string; id: string; type: string; bytes: Uint8Array };
/** Every message of the stream, as stored. */
async function stored(): Promise<Stored[]> {
  const last = (await jsm.streams.info(STREAM)).state.last_seq;
  const out: Stored[] = [];
  for (let seq = 1; seq <= last; seq++) {
    const msg = await jsm.streams.getMessage(STREAM, { seq });
    if (!msg) continue;
    const event = msg.json<{ id: string; type: string; subject: string }>();
    out.push({ seq, subject: event.subject, id: event.id, type: event.type, bytes: msg.data });
  }
  return out;
}
/** The stored events of `aggregates`, in stream order. */
const storedOf = async (aggregates: string[]) => (await stored()).filter((event) => aggregates.includes(event.subject));
/** Event ids a receiver got for `aggregate`, in arrival order. */
const arrivals = (r: Receiver, aggregate: string) => r.received.filter((got) => got.event.subject === aggregate).map((got) => got.event.id);
const firstOccurrences = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) === index);
async function allArrived(r: Receiver, events: Stored[], timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => events.every((event) => r.received.some((got) => got.event.id === event.id)), timeoutMs, () => `${r.received.length} received of ${events.length}`);
}
/** Per aggregate: every event arrives for the first time in stored order (a redelivery may repeat what came before). */
function expectOrdered(r: Receiver, events: Stored[]): void {
  for (const aggregate of new Set(events.map((event) => event.subject))) {
    const expected = events.filter((event) => event.subject === aggregate).map((event) => event.id);
    const got = arrivals(r, aggregate);
    expect(firstOccurrences(got)).toEqual(expected);
  }
}

describe('webhook delivery', () => {
  it('delivers every event of a burst exactly as stored, signed (standardwebhooks verifies it), in order per aggregate', async () => {
    const r = await receiver();
    const { secret } = await register(r.url);
    const ids = await burst(8, 4);
    const events = await storedOf(ids);
    expect(events).toHaveLength(40);
    await allArrived(r, events);
    for (const event of events) {
      const got = r.received.find((request) => request.event.id === event.id);
      expect(got && Buffer.from(event.bytes).equals(got.body)).toBe(true);
      expect(got && verified(secret, got)).toBe(true);
      expect([got?.headers['webhook-id'], got?.headers['content-type']]).toEqual([event.id, 'application/cloudevents+json']);
    }
    expect(r.received.length).toBe(40);
    expectOrdered(r, events);
  });

  it('loses nothing and keeps order when the receiver is down for 60 s, then up', async () => {
    const r = await receiver();
    const { id } = await register(r.url);
    await r.down();
    const downAt = Date.now();
    const ids = await burst(3, 3);
    // Down for 60 s: many attempts fail (the deliveries log shows them), and more events arrive meanwhile.
    await waitFor(async () => ((await send('GET', `/webhooks/${id}/deliveries`)).body as { data: { outcome: string }[] }).data.filter((d) => d.outcome === 'failed').length >= 6, 20_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 30_000 - Date.now())));
    ids.push(...(await burst(3, 2)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 60_000 - Date.now())));
    await r.up();
    const events = await storedOf(ids);
    await allArrived(r, events);
    expectOrdered(r, events);
    type Log = { data: { outcome: string; error?: string; attempt: number }[] };
    await waitFor(async () => ((await send('GET', `/webhooks/${id}/deliveries`)).body as Log).data.some((d) => d.outcome === 'delivered'), 5_000);
    const log = (await send('GET', `/webhooks/${id}/deliveries`)).body as Log;
    expect(log.data.some((d) => d.outcome === 'failed' && d.attempt > 1 && (d.error ?? '').includes('ECONNREFUSED'))).toBe(true);
  }, 120_000);

  it('holds back only the aggregate whose events the receiver answers with 500', async () => {
    const r = await receiver();
    const { id } = await register(r.url);
    // Until the create answers, its id is unknown: everything fails then, and only its event is being written.
    const failingFor: { aggregate?: string } = {};
    let failing = true;
    r.answer = (event) => (failing && (failingFor.aggregate === undefined || event.subject === failingFor.aggregate) ? 500 : 204);
    const bad = await createPackage();
    failingFor.aggregate = bad;
    await updatePackage(bad, 1);
    const good = await burst(3, 2);
    await updatePackage(bad, 2);
    await allArrived(r, await storedOf(good));
    expect(arrivals(r, bad)).toEqual([]);
    // The log is written within 200 ms of an attempt.
    await waitFor(async () => ((await send('GET', `/webhooks/${id}/deliveries`)).body as { data: { status?: number }[] }).data.some((d) => d.status === 500), 5_000);
    failing = false;
    const held = await storedOf([bad]);
    await allArrived(r, held);
    expect(arrivals(r, bad)).toEqual(held.map((event) => event.id));
    expectOrdered(r, await storedOf([bad, ...good]));
  });

  it('replays from a position to that webhook only, republishing nothing', async () => {
    const [ra, rb] = [await receiver(), await receiver()];
    const a = await register(ra.url);
    await register(rb.url);
    const ids = await burst(2, 1);
    const events = await storedOf(ids);
    await allArrived(ra, events);
    await allArrived(rb, events);
    const from = events[1]?.seq ?? 0;
    const [countA, countB] = [ra.received.length, rb.received.length];
    const before = (await jsm.streams.info(STREAM)).state.last_seq;
    const replay = await send('POST', `/webhooks/${a.id}/replay`, { from });
    expect(replay.status).toBe(202);
    const again = events.filter((event) => event.seq >= from);
    await waitFor(async () => ra.received.length >= countA + again.length, 20_000);
    expect(ra.received.slice(countA).map((got) => got.event.id)).toEqual(expect.arrayContaining(again.map((event) => event.id)));
    expect(ra.received.slice(countA).some((got) => got.event.id === events[0]?.id)).toBe(false);
    // B got nothing more, and the stream holds only the request.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(rb.received.length).toBe(countB);
    const appended = (await stored()).filter((event) => event.seq > before);
    expect(appended.map((event) => event.type)).toEqual(['catalog.WebhookReplayRequested']);
  });

  it('replays from a time too', async () => {
    const r = await receiver();
    const { id } = await register(r.url);
    const [first] = await burst(1, 0);
    await allArrived(r, await storedOf([first ?? '']));
    const time = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [second] = await burst(1, 0);
    const later = await storedOf([second ?? '']);
    await allArrived(r, later);
    const count = r.received.length;
    expect((await send('POST', `/webhooks/${id}/replay`, { from: time })).status).toBe(202);
    await waitFor(async () => r.received.length > count, 20_000);
    expect(r.received.slice(count).map((got) => got.event.id)).toEqual(later.map((event) => event.id));
  });

  it('acts on a replay asked for at once after the create, each time, the previous webhook deleted', async () => {
    const r = await receiver();
    for (let round = 0; round < 4; round++) {
      const ids = await burst(20, 0);
      const events = await storedOf(ids);
      // No pause between the create's 201 and the replay: the new worker is still setting up its reader.
      const { id } = await register(r.url, { types: ['catalog.PackageCreated'] });
      expect((await send('POST', `/webhooks/${id}/replay`, { from: events[0]?.seq })).status).toBe(202);
      await allArrived(r, events, 20_000);
      expect((await send('DELETE', `/webhooks/${id}`)).status).toBe(204);
    }
  }, 120_000);

  it('pings that endpoint only, and signs with both secrets while a rotation overlaps', async () => {
    const [r, other] = [await receiver(), await receiver()];
    const { id, secret } = await register(r.url);
    await register(other.url);
    expect((await send('POST', `/webhooks/${id}/ping`)).status).toBe(202);
    await waitFor(async () => r.received.some((got) => got.event.type === 'catalog.WebhookPinged'), 20_000);
    const ping = r.received.find((got) => got.event.type === 'catalog.WebhookPinged');
    expect(ping && verified(secret, ping)).toBe(true);
    expect(ping?.event.subject).toBe(id);
    const rotated = await send('POST', `/webhooks/${id}/rotate-secret`);
    const fresh = (rotated.body as { secret: string }).secret;
    const [pkg] = await burst(1, 0);
    const events = await storedOf([pkg ?? '']);
    await allArrived(r, events);
    const got = r.received.find((request) => request.event.id === events[0]?.id);
    expect(got && verified(secret, got) && verified(fresh, got)).toBe(true);
    expect(other.received.some((request) => request.event.type === 'catalog.WebhookPinged')).toBe(false);
  });

  it("delivers an account webhook its own account's events only", async () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const member = await signDevToken({ secret: SECRET, sub: randomUUID(), role: 'member', accounts: [mine, theirs], ttl: '10m' });
    const r = await receiver();
    const { secret } = await register(r.url, { types: ['accounts.PackageCreated'] }, `/accounts/${mine}/core/v1/webhooks`, member);
    const created = await send('POST', `/accounts/${mine}/core/v1/packages`, seedBody(), member);
    const foreign = await send('POST', `/accounts/${theirs}/core/v1/packages`, seedBody(), member);
    expect([created.status, foreign.status]).toEqual([201, 201]);
    const events = (await stored()).filter((event) => event.subject === (created.body as { id: string }).id && event.type === 'accounts.PackageCreated');
    await allArrived(r, events);
    expect(r.received.every((got) => got.event.type === 'accounts.PackageCreated' && got.event.subject !== (foreign.body as { id: string }).id)).toBe(true);
    expect(r.received[0] && verified(secret, r.received[0])).toBe(true);
  });

  it('reaches examples/webhook-receiver, which verifies and prints the event, and refuses a forged one', async () => {
    const port = await freePort();
    const { id, secret } = await register(`http://127.0.0.1:${port}/`);
    buildOnce();
    const child = spawn(process.execPath, ['dist/examples/webhook-receiver/main.js'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { PATH: process.env.PATH ?? '', PORT: String(port), WEBHOOK_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(async () => output.includes('listening'), 10_000, () => output);
      expect((await send('POST', `/webhooks/${id}/ping`)).status).toBe(202);
      await waitFor(async () => output.includes(`verified catalog.WebhookPinged /catalog/${id}`), 20_000, () => output);
      const forged = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json', 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
        body: '{"id":"x","type":"catalog.PackageDeleted"}',
      });
      expect(forged.status).toBe(401);
      await waitFor(async () => output.includes('rejected x'), 5_000, () => output);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('resumes after the command service is killed (kill -9): nothing lost, order kept', async () => {
    const r = await receiver();
    await register(r.url);
    await r.down();
    const ids = await burst(3, 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await system.command.stop('SIGKILL');
    await r.up();
    const next = await startProcess('command-service', { NATS_URL: system.nats.url, ...WEBHOOK_ENV });
    extra.push(next);
    const more = await burst(2, 1, next.baseUrl);
    const events = await storedOf([...ids, ...more]);
    await allArrived(r, events, 45_000);
    expectOrdered(r, events);
  });
});
