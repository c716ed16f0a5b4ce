import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { SYSTEM_ACTOR } from '../../libs/domain/src/event-meta.js';
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import { listDeadLetters } from '../../libs/jetstream-transport/src/index.js';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { seedBody } from './support/astra-seed.js';
import { buildOnce, call, SECRET, startCommandService, waitFor, type CommandProcess } from './command-service.harness.js';

// The package verifier (SPEC §5.1) in a running command service. HTTP writes go through `writer`,
// which runs without the verifier; `verifier` is a second command-service process that can be
// stopped, so a test can hold verification back and decide what happens first.
const STREAM = 'ARTIFACTS';
const DURABLE = 'sub_package-verifier';
const OPERATOR = '3f1c2b7a-9d4e-4f60-8a21-5b6c7d8e9f00';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const yamlFile = (fileName: string, text: string) => ({ fileName, fileIdentifier: fileName, fileMediaType: 'application/x-yaml', fileContents: b64(text) });

type StreamEvent = { seq: number; id: string; type: string; subject: string; actor: string; correlationid: string; causationid: string; data: Record<string, unknown> };
type Created = Record<string, unknown> & { id: string };

const accountId = randomUUID();
let nats: NatsServer;
let writer: CommandProcess;
let verifier: CommandProcess | undefined;
let nc: NatsConnection;
let jsm: JetStreamManager;
let member: string;

const startVerifier = async (): Promise<void> => {
  verifier = await startCommandService({ NATS_URL: nats.url, EVENT_STREAM: STREAM, MAX_DELIVER: '2' });
};
const stopVerifier = async (): Promise<void> => {
  await verifier?.stop();
  verifier = undefined;
};

beforeAll(async () => {
  nats = await startNats();
  writer = await startCommandService({ NATS_URL: nats.url, EVENT_STREAM: STREAM, VERIFIER_ENABLED: 'false' });
  await startVerifier();
  nc = await connect({ servers: nats.url });
  jsm = await jetstreamManager(nc);
  member = await signDevToken({ secret: SECRET, sub: OPERATOR, role: 'member', accounts: [accountId], ttl: '10m' });
});
afterAll(async () => {
  await Promise.all([writer?.stop(), stopVerifier()]);
  await nc?.close();
  await nats?.stop();
});

const collection = `/accounts/${accountId}/core/v1/packages`;

async function create(body: Record<string, unknown>, correlationId = randomUUID()): Promise<Created> {
  const answer = await call(writer.baseUrl, 'POST', collection, { token: member, body, headers: { 'x-correlation-id': correlationId } });
  expect(answer.status).toBe(201);
  return answer.body as Created;
}

const lastSeq = async (): Promise<number> => (await jsm.streams.info(STREAM)).state.last_seq;

async function eventsOf(packageId: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for (let seq = 1, last = await lastSeq(); seq <= last; seq++) {
    const msg = await jsm.streams.getMessage(STREAM, { seq });
    if (msg?.subject.endsWith(packageId)) events.push({ ...msg.json<Omit<StreamEvent, 'seq'>>(), seq });
  }
  return events;
}

/** The package's events once the verifier recorded its outcome. */
async function verified(packageId: string): Promise<StreamEvent[]> {
  let events: StreamEvent[] = [];
  await waitFor(async () => (events = await eventsOf(packageId)).length >= 2, 15_000, () => `${JSON.stringify(events)}\n${verifier?.output() ?? ''}`);
  return events;
}

/** The verifier's durable has handled (acked) everything in the stream. */
async function verifierCaughtUp(): Promise<void> {
  const last = await lastSeq();
  await waitFor(async () => {
    const info = await jsm.consumers.info(STREAM, DURABLE);
    return info.delivered.stream_seq >= last && info.num_pending === 0 && info.num_ack_pending === 0;
  }, 15_000);
}

describe('package verification', () => {
  it('moves the seed example to available as the system, caused by the PackageCreated, and the example subscriber prints it', async () => {
    const printer = startExampleSubscriber();
    try {
      const correlationId = randomUUID();
      const pkg = await create(seedBody(), correlationId);
      const [createdEvent, changed] = await verified(pkg.id);
      expect(changed).toMatchObject({
        type: 'accounts.PackageStateChanged',
        subject: pkg.id,
        actor: SYSTEM_ACTOR,
        causationid: createdEvent?.id,
        correlationid: correlationId,
        data: { from: 'verifying', to: 'available', packageStateDetails: [], labels: [] },
      });
      await waitFor(async () => printer.output().includes(`/packages/${pkg.id} verifying -> available by ${SYSTEM_ACTOR}`), 15_000, printer.output);
    } finally {
      await printer.stop();
    }
  });

  it('marks a package whose YAML file does not parse corrupt, naming the file', async () => {
    const pkg = await create(seedBody({ files: [yamlFile('ok.yaml', 'a: 1\n'), yamlFile('broken.yaml', 'key: [1, 2\nother: }\n')] }));
    const [, changed] = await verified(pkg.id);
    expect(changed?.data).toMatchObject({ from: 'verifying', to: 'corrupt' });
    const details = changed?.data.packageStateDetails as { type: string; title: string; detail: string }[];
    expect(details).toHaveLength(1);
    expect(details[0]?.detail).toMatch(/^files\[1\] broken\.yaml \(application\/x-yaml\) is not valid YAML \(document 1\)/);
  });

  it('marks a package incomplete when a dependsOnImages entry names an image it does not contain', async () => {
    const images = (seedBody().images as Record<string, unknown>[]).map((image, i) =>
      i === 0 ? { ...image, dependsOnImages: [{ imagePath: '/globalcicd/acc', imageName: 'credentials', imageTag: '1.3.45' }, { imagePath: '/globalcicd/acc', imageName: 'absent', imageTag: '2.0.0' }] } : image,
    );
    const [, changed] = await verified((await create(seedBody({ images }))).id);
    expect(changed?.data).toMatchObject({
      to: 'incomplete',
      packageStateDetails: [{ title: 'Dependent image missing', detail: expect.stringContaining('depends on /globalcicd/acc/absent:2.0.0') }],
    });
  });

  it('accepts a YAML scalar, a multi-document YAML file and a JSON file', async () => {
    const files = [
      yamlFile('scalar.yaml', 'just some text'),
      yamlFile('multi.yaml', 'kind: A\n---\nkind: B\n...\n---\n- 1\n- 2\n'),
      { fileName: 'values.json', fileIdentifier: 'values', fileMediaType: 'application/json', fileContents: b64('{"a": [1, 2]}') },
    ];
    const [, changed] = await verified((await create(seedBody({ files }))).id);
    expect(changed?.data).toMatchObject({ to: 'available', packageStateDetails: [] });
  });

  it("never overrides an operator's transition made before verification ran", async () => {
    await stopVerifier();
    const pkg = await create(seedBody());
    const put = { ...pkg, packageState: 'corrupt', packageStateDetails: [{ type: 'manual', title: 'Operator', detail: 'pulled by hand' }] };
    expect((await call(writer.baseUrl, 'PUT', `${collection}/${pkg.id}`, { token: member, body: put })).status).toBe(204);
    await startVerifier();
    await verifierCaughtUp();
    const events = await eventsOf(pkg.id);
    expect(events.map((e) => [e.type, e.actor, e.data.to])).toEqual([
      ['accounts.PackageCreated', OPERATOR, undefined],
      ['accounts.PackageStateChanged', OPERATOR, 'corrupt'],
    ]);
  });

  it('appends nothing when every PackageCreated is delivered again', async () => {
    const before = await lastSeq();
    await stopVerifier();
    await jsm.consumers.delete(STREAM, DURABLE); // a new durable starts from the first event
    await startVerifier();
    await verifierCaughtUp();
    expect(await lastSeq()).toBe(before);
  });

  it('dead-letters an event it cannot act on after MAX_DELIVER deliveries, and keeps verifying others', async () => {
    const packageId = randomUUID();
    const h = headers();
    h.set('ce-type', 'accounts.PackageCreated');
    const stray = { type: 'accounts.PackageCreated', schemaversion: 1, id: randomUUID(), source: `/accounts/${randomUUID()}`, subject: packageId, data: {} };
    await jetstream(nc).publish(`artifacts.accounts.${accountId}.${packageId}`, JSON.stringify(stray), { headers: h });
    const sound = await create(seedBody());
    expect((await verified(sound.id))[1]?.data.to).toBe('available');
    // The stream's own count is polled (one cheap API call); the letters are read once it moved.
    // The wait outlasts the 30 s ack wait, so a redelivery the server holds back still arrives.
    let consumer = '';
    await waitFor(
      async () => {
        consumer = JSON.stringify(await jsm.consumers.info(STREAM, DURABLE));
        return (await jsm.streams.info(`${STREAM}_DLQ`)).state.messages > 0;
      },
      45_000,
      () => `${consumer}\n${verifier?.output().slice(-8000) ?? ''}`,
    );
    const letters = await listDeadLetters(nc, { stream: STREAM, subscriber: 'package-verifier' });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ type: 'accounts.PackageCreated', subject: `artifacts.accounts.${accountId}.${packageId}`, deliveries: 2 });
    expect(letters[0]?.error).toContain(`was delivered on artifacts.accounts.${accountId}.${packageId}`);
  }, 90_000);
});

type Printer = { output: () => string; stop: () => Promise<void> };

/** `examples/subscriber` as `npm run example:subscriber` starts it (from the build). */
function startExampleSubscriber(): Printer {
  buildOnce();
  const child: ChildProcess = spawn(process.execPath, ['dist/examples/subscriber/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NATS_URL: nats.url, EVENT_STREAM: STREAM, SUBSCRIBER: 'e2e-printer' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
