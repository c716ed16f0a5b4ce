// The services under the NATS users and TLS the deployments configure (deploy/nats/auth.conf): each
// does its work with only its own permissions, and nobody but the operator can forge events or
// delete the event stream.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, startService, tokenFor, waitFor, type ServiceProcess } from './command-service.harness.js';
import { startSecuredNats, type NatsUser, type SecuredNats } from './support/secured-nats.js';

const STREAM = 'ARTIFACTS';
let nats: SecuredNats;
let db: TestDatabase;
const services: ServiceProcess[] = [];

const asUser = (user: NatsUser): Promise<NatsConnection> =>
  connect({ servers: nats.url, user, pass: nats.passwords[user], tls: { caFile: nats.caFile }, timeout: 5_000 });

const serviceEnv = (user: NatsUser): Record<string, string> => ({
  NATS_URL: nats.url,
  NATS_USER: user,
  NATS_PASSWORD: nats.passwords[user],
  NATS_TLS_CA_FILE: nats.caFile,
  EVENT_STREAM: STREAM,
});

beforeAll(async () => {
  [nats, db] = await Promise.all([startSecuredNats(), createTestDatabase()]);
});

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await Promise.allSettled([nats?.stop(), db?.drop()]);
});

describe('NATS with the deployment users and TLS', () => {
  it('refuses clients without credentials or without TLS', async () => {
    await expect(connect({ servers: nats.url, tls: { caFile: nats.caFile }, timeout: 3_000 })).rejects.toThrow(/authorization/i);
    await expect(connect({ servers: nats.url, user: 'subscriber', pass: 'wrong', tls: { caFile: nats.caFile }, timeout: 3_000 })).rejects.toThrow(/authorization/i);
    await expect(connect({ servers: nats.url.replace('tls://', 'nats://'), user: 'subscriber', pass: nats.passwords.subscriber, tls: null, timeout: 3_000 })).rejects.toThrow();
  });

  it('runs both services with their own users: a write is appended, projected and read back', async () => {
    const command = await startService('command-service', serviceEnv('command-service'));
    services.push(command);
    const query = await startService('projection-service', { ...serviceEnv('projection-service'), DATABASE_URL: db.url });
    services.push(query);
    const admin = await tokenFor('admin');
    const created = await call(command.baseUrl, 'POST', '/packages', { token: admin, body: { title: 'Secured', system: 'kube', aliases: [`s-${randomUUID()}`] } });
    expect([created.status, created.body]).toEqual([201, expect.anything()]);
    const id = (created.body as { id: string }).id;
    const token = created.headers.get('x-consistency-token') ?? '';
    const read = await call(query.baseUrl, 'GET', `/packages/${id}/`, { token: admin, headers: { 'x-consistency-token': token } });
    expect(read.status).toBe(200);
    await waitFor(async () => (await fetch(`${query.baseUrl}/health/ready`)).status === 200, 15_000, () => query.output());
    await waitFor(async () => (await fetch(`${command.baseUrl}/health/ready`)).status === 200, 15_000, () => command.output());
  });

  it('lets a subscriber read the stream but not append to it or delete it', async () => {
    const nc = await asUser('subscriber');
    try {
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info(STREAM)).state.messages).toBeGreaterThan(0);
      expect(await jsm.streams.getMessage(STREAM, { seq: 1 })).toBeTruthy();
      await expect(jetstream(nc).publish('artifacts.catalog.pkg_forged', '{}', { timeout: 2_000 })).rejects.toThrow();
      await expect(jsm.streams.delete(STREAM)).rejects.toThrow();
      await expect(jsm.streams.purge(STREAM)).rejects.toThrow();
    } finally {
      await nc.close();
    }
  });

  it('runs the example subscriber as the subscriber user, without printing its password', async () => {
    const child = spawn(process.execPath, ['dist/examples/subscriber/main.js'], {
      env: { PATH: process.env.PATH ?? '', ...serviceEnv('subscriber'), SUBSCRIBER: 'auth-check' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(async () => output.includes('listening on') || child.exitCode !== null, 20_000, () => output);
      expect(output).toContain(`listening on ${nats.url} (stream ${STREAM}) as auth-check`);
      expect(output).not.toContain(nats.passwords.subscriber);
      // Stopped as Kubernetes stops it: SIGTERM, then it must exit on its own.
      child.kill('SIGTERM');
      await waitFor(async () => child.exitCode !== null || child.signalCode !== null, 10_000, () => `still running 10 s after SIGTERM:\n${output}`);
      // Nest's shutdown hook closes the app, then ends the process with the signal it received.
      expect([child.exitCode, child.signalCode]).toEqual([null, 'SIGTERM']);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('lets neither service delete or purge the event stream or its messages', async () => {
    for (const user of ['command-service', 'projection-service'] as const) {
      const nc = await asUser(user);
      try {
        const jsm = await jetstreamManager(nc);
        await expect(jsm.streams.delete(STREAM)).rejects.toThrow();
        await expect(jsm.streams.purge(STREAM)).rejects.toThrow();
        await expect(jsm.streams.deleteMessage(STREAM, 1)).rejects.toThrow();
      } finally {
        await nc.close();
      }
    }
    const nc = await asUser('projection-service');
    try {
      await expect(jetstream(nc).publish('artifacts.catalog.pkg_forged', '{}', { timeout: 2_000 })).rejects.toThrow();
    } finally {
      await nc.close();
    }
    const operator = await asUser('admin');
    try {
      expect((await (await jetstreamManager(operator)).streams.info(STREAM)).state.messages).toBeGreaterThan(0);
    } finally {
      await operator.close();
    }
  });
});
