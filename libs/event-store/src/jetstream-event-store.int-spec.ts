import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { startNats, type NatsServer } from '../../../test/support/nats-server.js';
import { anEvent, describeEventStoreContract } from './event-store.contract.js';
import { EventStoreUnavailableError } from './event-store.js';
import { createJetStreamEventStore, readWithConsumer } from './jetstream-event-store.js';
import { ensureStream, streamConfig } from './stream-config.js';
import { catalogSubject } from './subjects.js';

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  server = await startNats();
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc.close();
  await server.stop();
});

const newStream = async (duplicateWindowMs = 120_000): Promise<string> => {
  const name = `ES_${randomUUID().slice(0, 8)}`;
  await ensureStream(jsm, streamConfig({ name, replicas: 1, duplicateWindowMs }));
  return name;
};

describeEventStoreContract('JetStream', async () => {
  // Every test gets an empty stream; only one stream at a time may own `artifacts.>`.
  const stream = await newStream();
  return {
    store: createJetStreamEventStore({ nc, stream }),
    rawMessage: async (seq) => {
      const msg = await jsm.streams.getMessage(stream, { seq });
      if (!msg) throw new Error(`no message at ${seq}`);
      const headers = Object.fromEntries(msg.header.keys().map((key) => [key, msg.header.get(key)]));
      return { subject: msg.subject, headers, payload: msg.data };
    },
    teardown: async () => {
      await jsm.streams.delete(stream);
    },
  };
});

describe('JetStream event store read paths', () => {
  let stream: string;
  beforeEach(async () => {
    stream = await newStream();
  });
  afterEach(() => jsm.streams.delete(stream));

  it('reads the same events by direct gets, by a consumer, or switching midway', async () => {
    const store = createJetStreamEventStore({ nc, stream });
    const [subject, noise] = [catalogSubject('pkg_a'), catalogSubject('pkg_b')];
    let [version, noiseVersion] = [0, 0];
    for (let i = 0; i < 30; i++) {
      version = (await store.append(subject, anEvent(), { expectedVersion: version })).sequence;
      noiseVersion = (await store.append(noise, anEvent(), { expectedVersion: noiseVersion })).sequence;
    }
    const expected = await createJetStreamEventStore({ nc, stream, directReadLimit: 1_000 }).read(subject);
    expect(expected.events).toHaveLength(30);
    for (const directReadLimit of [0, 1, 12]) {
      const reader = createJetStreamEventStore({ nc, stream, directReadLimit });
      for (const after of [0, 1, 2, 30, 59]) {
        const read = await reader.read(subject, after);
        expect(read).toEqual({ events: expected.events.filter((e) => e.sequence > after), version: 59 });
      }
    }
    expect((await jsm.consumers.list(stream).next()).length).toBe(0);
  });

  it('makes a consumer read that stops short of the version unavailable instead of answering part of the tail', async () => {
    // What a copy of the stream that lags the leader serves: the events up to 3 of a subject at version 5.
    const store = createJetStreamEventStore({ nc, stream });
    const subject = catalogSubject('pkg_short');
    for (let version = 0; version < 3; ) version = (await store.append(subject, anEvent(), { expectedVersion: version })).sequence;
    const started = Date.now();
    const read = readWithConsumer({ js: jetstream(nc), stream, subject, idleMs: 300 }, 1, 5);
    await expect(read).rejects.toThrow(EventStoreUnavailableError);
    await expect(read).rejects.toThrow(`read ${subject}: nothing after 3 within 300 ms, short of version 5`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await jsm.consumers.list(stream).next()).length).toBe(0);
  });
});

describe('JetStream event stream configuration', () => {
  let stream: string;
  beforeEach(async () => {
    stream = await newStream(90_000);
  });
  afterEach(() => jsm.streams.delete(stream));

  it('is created as SPEC §7 says: nothing evicts, deletes or purges an event', async () => {
    const { config } = await jsm.streams.info(stream);
    expect(config).toMatchObject({
      subjects: ['artifacts.>'],
      storage: 'file',
      retention: 'limits',
      discard: 'new',
      max_age: 0,
      max_bytes: -1,
      max_msgs: -1,
      max_msgs_per_subject: -1,
      deny_delete: true,
      deny_purge: true,
      allow_rollup_hdrs: false,
      duplicate_window: 90_000 * 1_000_000,
      num_replicas: 1,
      allow_direct: true,
    });
  });

  it('refuses to delete a message or purge the stream', async () => {
    const store = createJetStreamEventStore({ nc, stream });
    const { sequence } = await store.append(catalogSubject('pkg_1'), anEvent(), { expectedVersion: 0 });
    await expect(jsm.streams.deleteMessage(stream, sequence)).rejects.toThrow();
    await expect(jsm.streams.purge(stream)).rejects.toThrow();
    expect(await store.lastSequence()).toBe(sequence);
    expect((await jsm.streams.info(stream)).state.messages).toBe(1);
  });

  it('is idempotent on boot and brings a changed setting to the configured value', async () => {
    await ensureStream(jsm, streamConfig({ name: stream, replicas: 1, duplicateWindowMs: 90_000 }));
    const updated = await ensureStream(jsm, streamConfig({ name: stream, replicas: 1, duplicateWindowMs: 30_000 }));
    expect(updated.config.duplicate_window).toBe(30_000 * 1_000_000);
    expect((await jsm.streams.info(stream)).config.duplicate_window).toBe(30_000 * 1_000_000);
  });
});

describe('JetStream event store without a server', () => {
  it('reports EventStoreUnavailableError for append, read and lastSequence', async () => {
    const own = await startNats();
    const conn = await connect({ servers: own.url, reconnectTimeWait: 100 });
    let stopped = false;
    try {
      const ownJsm = await jetstreamManager(conn);
      await ensureStream(ownJsm, streamConfig({ name: 'DOWN', replicas: 1, duplicateWindowMs: 60_000 }));
      const store = createJetStreamEventStore({ nc: conn, stream: 'DOWN', timeoutMs: 500 });
      await store.append(catalogSubject('pkg_1'), anEvent(), { expectedVersion: 0 });
      await own.stop();
      stopped = true;
      await expect(store.append(catalogSubject('pkg_2'), anEvent(), { expectedVersion: 0 })).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await expect(store.read(catalogSubject('pkg_1'))).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.lastSequence()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await conn.close();
      // stop() waits for an exit that already happened when called twice.
      if (!stopped) await own.stop();
    }
  }, 20_000);
});
