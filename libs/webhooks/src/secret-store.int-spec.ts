import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { startKvBucket } from '../../../test/support/nats-server.js';
import { createWebhookSecrets, watchWebhookSecrets, type WebhookSecrets } from './secret-store.js';

let server: Awaited<ReturnType<typeof startKvBucket>>;
let secrets: WebhookSecrets;
let kv: KV;

beforeAll(async () => {
  server = await startKvBucket('webhook_secrets_test');
  kv = server.kv;
  secrets = createWebhookSecrets(kv);
});
afterAll(() => server.stop());

describe('webhook secrets', () => {
  it('issue one secret per webhook, the same one again on a repeated issue', async () => {
    const id = randomUUID();
    const first = await secrets.issue(id);
    expect(first).toMatch(/^whsec_/);
    await expect(secrets.issue(id)).resolves.toBe(first);
    await expect(secrets.signing(id, Date.now())).resolves.toEqual([first]);
    await expect(secrets.issue(randomUUID())).resolves.not.toBe(first);
  });

  it('sign with both secrets during a rotation’s overlap, then with the new one alone', async () => {
    const id = randomUUID();
    const old = await secrets.issue(id);
    const until = Date.now() + 60_000;
    const fresh = await secrets.rotate(id, new Date(until).toISOString());
    expect(fresh).not.toBe(old);
    await expect(secrets.signing(id, until - 1)).resolves.toEqual([fresh, old]);
    await expect(secrets.signing(id, until)).resolves.toEqual([fresh]);
  });

  it('answer a repeated rotation of the same name with the secret it made, without rotating again', async () => {
    const id = randomUUID();
    const old = await secrets.issue(id);
    const until = new Date(Date.now() + 60_000).toISOString();
    const fresh = await secrets.rotate(id, until, 'r-1');
    await expect(secrets.rotate(id, until, 'r-1')).resolves.toBe(fresh);
    await expect(secrets.signing(id, Date.now())).resolves.toEqual([fresh, old]);
    await expect(secrets.rotate(id, until, 'r-2')).resolves.not.toBe(fresh);
  });

  it('keep every rotation when two run at once', async () => {
    const id = randomUUID();
    await secrets.issue(id);
    const until = new Date(Date.now() + 60_000).toISOString();
    const [a, b] = await Promise.all([secrets.rotate(id, until), secrets.rotate(id, until)]);
    const signing = await secrets.signing(id, Date.now());
    expect(signing).toHaveLength(2);
    expect([a, b]).toContain(signing[0]);
    expect([a, b]).toContain(signing[1]);
  });

  it('sign with nothing once removed, and refuse to rotate a secret never issued', async () => {
    const id = randomUUID();
    await secrets.issue(id);
    await secrets.remove(id);
    await expect(secrets.signing(id, Date.now())).resolves.toEqual([]);
    await expect(secrets.rotate(randomUUID(), new Date().toISOString())).rejects.toThrow('has no secret');
  });

  it('are watched into memory for the engine: a new webhook at once, a rotation as soon as the bucket has it', async () => {
    const watched = await watchWebhookSecrets(kv);
    try {
      const id = randomUUID();
      const first = await secrets.issue(id);
      await expect(watched.signing(id, Date.now())).resolves.toEqual([first]);
      const fresh = await secrets.rotate(id, new Date(Date.now() + 60_000).toISOString());
      const deadline = Date.now() + 2_000;
      while ((await watched.signing(id, Date.now()))[0] !== fresh && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await expect(watched.signing(id, Date.now())).resolves.toEqual([fresh, first]);
      await expect(watched.signing(randomUUID(), Date.now())).resolves.toEqual([]);
    } finally {
      watched.stop();
    }
  });
});
