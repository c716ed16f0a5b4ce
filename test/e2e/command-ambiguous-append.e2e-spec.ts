import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { eventOfType, startNatsFaultProxy, type NatsFaultProxy } from '../support/nats-fault-proxy.js';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { call, startCommandService, streamEvents, tokenFor, type Answer, type CommandProcess } from './command-service.harness.js';
import { accountToken, accountsCollection } from './support/account-writes.js';
import { seedBody } from './support/astra-seed.js';

// A create whose publish reached the server but whose ack was lost (the proxy drops the connection
// in between): the outcome is unknown to the service, so it answers 503 and keeps its claims. A
// competing create of the same alias or tuple through another process is 409, and a retry with the
// first key answers the first create with its reservation in place.
const STREAM = 'E2EAMB';
const ACTOR = '0b7e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c';
let nats: NatsServer;
let proxy: NatsFaultProxy;
let cut: CommandProcess;
let direct: CommandProcess;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  proxy = await startNatsFaultProxy(nats.url);
  const env = { EVENT_STREAM: STREAM, VERIFIER_ENABLED: 'false', IDEMPOTENCY_LEASE: '1s' };
  [cut, direct] = await Promise.all([startCommandService({ ...env, NATS_URL: proxy.url }), startCommandService({ ...env, NATS_URL: nats.url })]);
  nc = await connect({ servers: nats.url });
});
afterAll(async () => {
  await Promise.all([cut?.stop(), direct?.stop()]);
  await nc?.close();
  await proxy?.close();
  await nats?.stop();
});

const hex = (value: string): string => Buffer.from(value, 'utf8').toString('hex');
const owner = async (bucket: string, key: string): Promise<string | undefined> => {
  const entry = await (await new Kvm(nc).open(bucket)).get(key);
  return entry?.operation === 'PUT' ? entry.json<{ owner: string }>().owner : undefined;
};
const retryUntilAnswered = async (send: () => Promise<Answer>): Promise<Answer> => {
  for (let i = 0; i < 40; i++) {
    const answer = await send();
    if (answer.status < 500 && !(answer.status === 409 && answer.headers.has('retry-after'))) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('no definite answer');
};

describe('a write whose NATS answer was lost', () => {
  it('catalog: 503 + Retry-After, the alias stays claimed, a retry answers the stored create', async () => {
    const token = await tokenFor('admin', ACTOR);
    const alias = `amb-${randomUUID().slice(0, 8)}`;
    const body = { title: 'Lost ack', system: 'helm', aliases: [alias] };
    const key = `amb-${randomUUID()}`;
    proxy.cutNext(eventOfType('catalog.PackageCreated'));
    const first = await call(cut.baseUrl, 'POST', '/packages', { token, body, headers: { 'idempotency-key': key } });
    expect(proxy.cuts).toBeGreaterThanOrEqual(1);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
    const stored = (await streamEvents(nats.url, STREAM)).filter((e) => e.type === 'catalog.PackageCreated' && (e.data.aliases as string[]).includes(alias));
    expect(stored).toHaveLength(1);
    const id = stored[0]?.subject as string;

    const competing = await call(direct.baseUrl, 'POST', '/packages', { token, body: { ...body, title: 'Competitor' } });
    expect(competing.status).toBe(409);

    const retry = await retryUntilAnswered(() => call(direct.baseUrl, 'POST', '/packages', { token, body, headers: { 'idempotency-key': key } }));
    expect(retry.status).toBe(201);
    expect((retry.body as { id: string }).id).toBe(id);
    expect(await owner(`${STREAM}_aliases`, hex(alias))).toBe(id);
    expect((await streamEvents(nats.url, STREAM)).filter((e) => e.type === 'catalog.PackageCreated' && (e.data.aliases as string[]).includes(alias))).toHaveLength(1);
  });

  it('accounts: 503 + Retry-After, the tuple stays claimed, a retry answers the stored create', async () => {
    const accountId = randomUUID();
    const token = await accountToken(ACTOR, 'member', [accountId]);
    const body = seedBody({ packageName: `amb-${randomUUID().slice(0, 8)}` });
    const key = `amb-${randomUUID()}`;
    const path = accountsCollection(accountId);
    proxy.cutNext(eventOfType('accounts.PackageCreated'));
    const first = await call(cut.baseUrl, 'POST', path, { token, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((first.body as { status: string }).status).toBe('503');
    const stored = (await streamEvents(nats.url, STREAM)).filter((e) => e.type === 'accounts.PackageCreated' && e.data.packageName === body.packageName);
    expect(stored).toHaveLength(1);

    const competing = await call(direct.baseUrl, 'POST', path, { token, body });
    expect(competing.status).toBe(409);

    const retry = await retryUntilAnswered(() => call(direct.baseUrl, 'POST', path, { token, body, headers: { 'idempotency-key': key } }));
    expect(retry.status).toBe(201);
    expect((retry.body as { id: string }).id).toBe(stored[0]?.subject);
    expect((await streamEvents(nats.url, STREAM)).filter((e) => e.type === 'accounts.PackageCreated' && e.data.packageName === body.packageName)).toHaveLength(1);
  });

  it('a KV call without an answer (idempotency, reservation) is 503 + Retry-After in the family format, never 500', async () => {
    const token = await tokenFor('admin', ACTOR);
    proxy.cutNext(({ subject }) => subject.startsWith(`$KV.${STREAM}_idempotency.`));
    const idempotency = await call(cut.baseUrl, 'POST', '/packages', { token, body: { title: 'KV down', system: 'helm' }, headers: { 'idempotency-key': `kv-${randomUUID()}` } });
    expect(idempotency.status).toBe(503);
    expect(idempotency.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(idempotency.body).toMatchObject({ status: 503, title: 'Service Unavailable' });

    const accountId = randomUUID();
    proxy.cutNext(({ subject }) => subject.startsWith(`$KV.${STREAM}_unique.`));
    const reservation = await call(cut.baseUrl, 'POST', accountsCollection(accountId), { token: await accountToken(ACTOR, 'member', [accountId]), body: seedBody() });
    expect(reservation.status).toBe(503);
    expect(reservation.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(reservation.body).toMatchObject({ type: 'https://astra.netapp.io/problems/41', status: '503' });
  });
});
