import { randomUUID } from 'node:crypto';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { call, startCommandService, streamEvents, tokenFor, waitFor, type Answer, type CommandProcess } from './command-service.harness.js';

// Two command-service processes on one NATS: uniqueness and numbering must hold across them.
const STREAM = 'E2ECONC';
let nats: NatsServer;
let a: CommandProcess;
let b: CommandProcess;
let admin: string;

beforeAll(async () => {
  nats = await startNats();
  const env = { NATS_URL: nats.url, EVENT_STREAM: STREAM };
  [a, b] = await Promise.all([startCommandService(env), startCommandService(env)]);
  admin = await tokenFor('admin');
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await nats?.stop();
});

const createPackage = (target: CommandProcess, body: object, headers: Record<string, string> = {}) =>
  call(target.baseUrl, 'POST', '/packages', { token: admin, body: { title: 'Pkg', system: 'helm', ...body }, headers });

describe('command service × 2 processes', () => {
  it('lets exactly one of 50 concurrent creates with one alias win', async () => {
    const alias = `race-${randomUUID().slice(0, 8)}`;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => createPackage(i % 2 ? a : b, { aliases: [alias] })));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    const losers = answers.filter((r) => r.status === 409);
    expect(losers).toHaveLength(49);
    expect(losers[0]?.body).toEqual({
      status: 409,
      title: 'Conflict',
      detail: `alias "${alias}" is taken by another package`,
      errors: [{ location: 'body.aliases[0]', message: 'is already taken', value: alias }],
    });
    const created = (await streamEvents(nats.url, STREAM)).filter(
      (e) => e.type === 'catalog.PackageCreated' && (e.data.aliases as string[]).includes(alias),
    );
    expect(created).toHaveLength(1);
    expect(created[0]?.subject).toBe((answers.find((r) => r.status === 201)?.body as { id: string }).id);
  });

  it('numbers 20 concurrent VersionSet creates split over both processes 1..20, no gap, no 409', async () => {
    const pkg = await createPackage(a, { aliases: [`vs-${randomUUID().slice(0, 8)}`] });
    const id = (pkg.body as { id: string }).id;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call((i % 2 ? a : b).baseUrl, 'POST', `/packages/${id}/versionsets`, {
          token: admin,
          body: { version_constraint: `>=${i}.0.0 <${i}.1.0` },
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = answers.map((r) => (r.body as { number: number }).number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('answers odd but well-formed aliases with 201 (and then owns them) or 422, never 5xx', async () => {
    const suffix = randomUUID().slice(0, 6);
    for (const alias of [`a.b${suffix}`, `.a${suffix}`, `a..b${suffix}`, `a${suffix}-`]) {
      const first = await createPackage(a, { aliases: [alias] });
      expect([201, 422]).toContain(first.status);
      if (first.status === 201) {
        const second = await createPackage(b, { aliases: [alias] });
        expect(second.status).toBe(409);
        const id = (first.body as { id: string }).id;
        const byAlias = await call(b.baseUrl, 'POST', `/packages/${encodeURIComponent(alias)}/versionsets`, {
          token: admin,
          body: { version_constraint: '>=1.0.0' },
        });
        expect(byAlias).toMatchObject({ status: 201, body: { package: id, number: 1 } });
      }
    }
  });

  it('resolves an alias on the other process the moment the create returned, and frees it on delete', async () => {
    const alias = `fresh-${randomUUID().slice(0, 8)}`;
    const created = await createPackage(a, { aliases: [alias] });
    const put = await call(b.baseUrl, 'PUT', `/packages/${alias}/`, { token: admin, body: { title: 'Renamed', system: 'helm', aliases: [alias] } });
    expect(put).toMatchObject({ status: 200, body: { id: (created.body as { id: string }).id, title: 'Renamed' } });
    expect((await call(b.baseUrl, 'DELETE', `/packages/${alias}/`, { token: admin })).status).toBe(204);
    expect((await createPackage(a, { aliases: [alias] })).status).toBe(201);
  });
});

describe('a crash between the JetStream ack and recording the response', () => {
  it('still yields one event and the same id when retried after the duplicate window', async () => {
    // Its own server: the short duplicate window is a property of the stream, which owns artifacts.>.
    const own = await startNats();
    const stream = 'E2ECRASH';
    const env = { NATS_URL: own.url, EVENT_STREAM: stream, DUPLICATE_WINDOW: '1s', IDEMPOTENCY_LEASE: '1500ms' };
    const crashing = await startCommandService({ ...env, FAILPOINTS: 'crash-after-append' });
    const title = `crash-${randomUUID()}`;
    const key = `key-${randomUUID()}`;
    const body = { title, system: 'kube', aliases: [`c-${randomUUID().slice(0, 8)}`] };
    await expect(createPackage(crashing, body, { 'Idempotency-Key': key })).rejects.toThrow();
    expect(await crashing.exited).toBe('SIGKILL');

    const survivor = await startCommandService(env);
    try {
      // The first attempt's lease (longer than the duplicate window) must run out before a retry runs.
      let retry: Answer | undefined;
      await waitFor(async () => {
        retry = await createPackage(survivor, body, { 'Idempotency-Key': key });
        return retry.status !== 409;
      }, 10_000);
      const created = (await streamEvents(own.url, stream)).filter((e) => e.type === 'catalog.PackageCreated' && e.data.title === title);
      expect(created).toHaveLength(1);
      expect(retry).toMatchObject({ status: 201, body: { id: created[0]?.subject, title } });
      const again = await createPackage(survivor, body, { 'Idempotency-Key': key });
      expect(again.body).toEqual(retry?.body);
      expect(again.headers.get('location')).toBe(retry?.headers.get('location'));
    } finally {
      await survivor.stop();
      await own.stop();
    }
  });
});
