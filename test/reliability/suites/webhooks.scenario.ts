import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readStream } from '../checker/stream-reader.js';
import { startChaos, type Target } from '../support/chaos.js';
import { log, type Checks } from '../support/checks.js';
import { startNatsNode } from '../support/nats-nodes.js';
import { startSystem, type System } from '../support/system.js';
import { delay, randomInt, waitUntil } from '../support/wait.js';

/** `lanes` write packages (a create and `updates` PUTs each) one after another for `seconds`. */
export type WebhookLoadOptions = { lanes: number; updates: number; seconds: number };

/** Retries shortened so outages of seconds span several attempts (production: 5 s doubling to 1 h). */
const WEBHOOK_ENV = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_FIRST: '200ms', WEBHOOK_RETRY_MAX: '2s' };

/**
 * SPEC §10 under fire: catalog writes while a command service (the engine's lease holder or the
 * standby), the projection service, nats-server, Postgres or the receiver itself (an outage of up to
 * 3 s) is killed at random; then every catalog event appended after the webhook's registration must
 * have reached the receiver at least once, each aggregate's first arrivals in stream order.
 */
export async function webhookDeliveries(checks: Checks, options: WebhookLoadOptions): Promise<void> {
  const nats = await startNatsNode();
  const receiver = await startReceiver();
  const system = await startSystem({ natsUrl: nats.url, commandServices: 2, subscriber: false, commandEnv: WEBHOOK_ENV });
  try {
    const registered = await request(system, 'POST', '/webhooks', { url: receiver.url, types: ['catalog.*'] });
    const since = Number(registered.headers.get('x-consistency-token'));
    const targets: Target[] = [
      ...system.commands.map((p) => ({ name: p.name, crash: () => p.crashAndRestart() })),
      { name: system.projection.name, crash: () => system.projection.crashAndRestart() },
      { name: 'nats-server', crash: () => nats.kill().then(() => nats.start()) },
      { name: 'postgres', crash: () => system.pg.kill().then(() => system.pg.start()) },
      { name: 'receiver (outage)', crash: () => receiver.down().then(() => delay(randomInt(200, 3_000))).then(() => receiver.up()) },
    ];
    const chaos = startChaos(targets, system.ready, { minPauseMs: 500, maxPauseMs: 2_000, maxKills: 200 });
    const started = Date.now();
    const deadline = started + options.seconds * 1_000;
    const commands = { sent: 0, acknowledged: 0 };
    await Promise.all(Array.from({ length: options.lanes }, async () => { while (Date.now() < deadline) await drivePackage(system, options.updates, commands); }));
    const report = await chaos.stop();
    await system.ready();
    checks.expect('every crashed part came back', report.errors.length === 0, report.errors);
    log(`   driven in ${((Date.now() - started) / 1000).toFixed(1)} s; kills ${JSON.stringify(report.kills)}`);

    const wanted = (await readStream(nats.url)).filter((event) => event.seq > since && event.subject.startsWith('artifacts.catalog.'));
    const settled = Date.now();
    await waitUntil(async () => wanted.every((event) => receiver.seen.has(event.id)), 180_000, 'every event delivered').catch(() => undefined);
    const settledMs = Date.now() - settled;
    const missing = wanted.filter((event) => !receiver.seen.has(event.id));
    const outOfOrder = orderViolations(wanted, receiver.arrivals);
    const deliveries = receiver.arrivals.length;
    log(`   events ${wanted.length}, received ${wanted.length - missing.length} at least once, deliveries ${deliveries} (${deliveries - (wanted.length - missing.length)} repeats), settled in ${(settledMs / 1000).toFixed(1)} s`);
    log(`   out of order per aggregate: ${outOfOrder.length}`);
    checks.expect('every event reached the webhook at least once', missing.length === 0, missing.slice(0, 10).map((event) => event.seq));
    checks.expect('no aggregate received an event before an earlier one of its own', outOfOrder.length === 0, outOfOrder.slice(0, 10));
    checks.expect('a load was written under the kills', wanted.length >= options.lanes * (options.updates + 1), wanted.length);
    // Lost = events that never reached the webhook; repeats are allowed (at least once), so no "duplicated".
    checks.figures({
      sent: commands.sent,
      acknowledged: commands.acknowledged,
      lost: missing.length,
      duplicated: undefined,
      staleReads: undefined,
      recoverMs: settledMs,
      recoverWhat: `from the end of the load until the webhook had every event (${wanted.length} events, ${deliveries - (wanted.length - missing.length)} repeats)`,
    });
  } finally {
    await receiver.down();
    await system.stop();
    await nats.kill();
    await nats.remove();
  }
}

/** One package: a create and `updates` PUTs, each retried with its key until it has a definite answer. */
async function drivePackage(system: System, updates: number, commands: { sent: number; acknowledged: number }): Promise<void> {
  const send = async (method: string, path: string, body: unknown): Promise<Response> => {
    commands.sent++;
    const answer = await request(system, method, path, body);
    commands.acknowledged++;
    return answer;
  };
  const created = await send('POST', '/packages', { title: 'W', system: 'helm' });
  const id = ((await created.json()) as { id: string }).id;
  for (let n = 1; n <= updates; n++) await send('PUT', `/packages/${id}/`, { title: `W ${n}`, system: 'helm' });
}

async function request(system: System, method: string, path: string, body: unknown): Promise<Response> {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const base = system.commandUrls[attempt % system.commandUrls.length] as string;
    const answer = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${system.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
    if (answer && answer.status < 300) return answer;
    if (answer && answer.status < 500 && answer.status !== 409) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
    await delay(100);
  }
}

/** Per aggregate: the stream positions of first arrivals must rise. */
function orderViolations(events: { seq: number; subject: string; id: string }[], arrivals: string[]): string[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  const last = new Map<string, number>();
  const seen = new Set<string>();
  const violations: string[] = [];
  for (const id of arrivals) {
    const event = byId.get(id);
    if (!event || seen.has(id)) continue;
    seen.add(id);
    if ((last.get(event.subject) ?? 0) > event.seq) violations.push(`${event.subject}#${event.seq}`);
    last.set(event.subject, event.seq);
  }
  return violations;
}

type Receiver = { url: string; seen: Set<string>; arrivals: string[]; down(): Promise<void>; up(): Promise<void> };

/** An HTTP endpoint on loopback that records the event id of every request it answers 204. */
async function startReceiver(): Promise<Receiver> {
  let server: Server | undefined;
  let port = 0;
  const receiver: Receiver = {
    url: '',
    seen: new Set(),
    arrivals: [],
    async down() {
      const closing = server;
      server = undefined;
      closing?.closeAllConnections();
      if (closing) await new Promise((resolve) => closing.close(resolve));
    },
    async up() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const id = String(req.headers['webhook-id']);
          receiver.arrivals.push(id);
          receiver.seen.add(id);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}/hook`;
    },
  };
  await receiver.up();
  return receiver;
}
