import { jetstreamManager } from '@nats-io/jetstream';
import { BadRequestError, ServiceUnavailableError } from '../../../../libs/http/src/errors/http.errors.js';
import { catalogEvent, newPackageId, packageFields } from '../testing/event.factories.js';
import { closeDatabase, freshDatabase, publish, silentLogger, startProjector, startStream, STREAM, type Db, type Nats, type RunningProjector } from '../testing/projection.harness.js';
import { CHECKPOINT_NAME } from './checkpoint.js';
import { ConsistencyWaiter } from './consistency-waiter.js';
import { ConsistencyTimeoutError, ConsistencyTokenBeyondStreamError, parseConsistencyToken } from './consistency.errors.js';
import { StreamPosition } from './stream-position.js';

/** A gate the projector's beforeCommit hook waits on: tests decide when a batch may commit. */
function gate(): { hook: () => Promise<void>; entered: Promise<void>; open(): void } {
  let open!: () => void;
  let entered!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const enteredOnce = new Promise<void>((resolve) => (entered = resolve));
  return { hook: async () => (entered(), await opened), entered: enteredOnce, open };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const created = () => {
  const id = newPackageId();
  return catalogEvent('PackageCreated', id, packageFields(id));
};

describe('ConsistencyWaiter', () => {
  let nats: Nats;
  let db: Db;
  let running: RunningProjector;
  let replica: ConsistencyWaiter;
  const commit = gate();

  beforeAll(async () => {
    [nats, db] = await Promise.all([startStream(), freshDatabase()]);
    running = await startProjector(nats, db, { hooks: { beforeCommit: commit.hook } });
    // Another replica's waiter: no projector in its process, only LISTEN.
    replica = new ConsistencyWaiter({
      pool: db.pool,
      databaseUrl: db.url,
      checkpointName: CHECKPOINT_NAME,
      stream: new StreamPosition(nats.nc, STREAM),
      waitMs: 5000,
      logger: silentLogger,
    });
    await replica.start();
  });

  afterAll(async () => {
    commit.open();
    await replica.stop();
    await running.stop();
    await nats.nc.close();
    await nats.server.stop();
    await closeDatabase(db);
  });

  it('times out with 503 while the batch is not committed, resolves on the commit (here and on another replica)', async () => {
    const [seq] = (await publish(nats.js, [created()])) as [number];
    await commit.entered;
    const timeout = await running.waiter.waitFor(seq, 150).catch((err: unknown) => err);
    expect(timeout).toBeInstanceOf(ConsistencyTimeoutError);
    expect(timeout).toBeInstanceOf(ServiceUnavailableError);
    expect((timeout as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThan(0);

    const here = running.waiter.waitFor(seq, 15_000);
    const there = replica.waitFor(seq, 15_000);
    const state = await Promise.race([here.then(() => 'resolved'), Promise.resolve('pending')]);
    expect(state).toBe('pending');
    commit.open();
    await Promise.all([here, there]);
    expect(replica.checkpoint.position).toBe(seq);
    expect((await db.pool.query('SELECT position FROM projection_checkpoints WHERE name = $1', [CHECKPOINT_NAME])).rows).toEqual([{ position: seq }]);
  });

  it('rejects a position beyond the stream at once with 400', async () => {
    const [seq] = (await publish(nats.js, [created()])) as [number];
    const started = Date.now();
    const err = await running.waiter.waitFor(seq + 10).catch((error: unknown) => error);
    expect(err).toBeInstanceOf(ConsistencyTokenBeyondStreamError);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(Date.now() - started).toBeLessThan(2500); // not the 5 s wait
  });

  it('sees a position written right after a cached stream end', async () => {
    await running.waiter.lag(); // fills the stream-end cache
    const [seq] = (await publish(nats.js, [created()])) as [number];
    await running.waiter.waitFor(seq, 15_000);
  });

  it('reports lag against the stream end', async () => {
    const [seq] = (await publish(nats.js, [created()])) as [number];
    await running.waiter.waitFor(seq, 15_000);
    const lag = await running.waiter.lag();
    expect(lag).toMatchObject({ checkpoint: seq, events: 0, seconds: 0 });
  });

  it('reports the age of the oldest unapplied event, also before anything was ever applied', async () => {
    // A stream of its own and a checkpoint no projector writes: nothing is ever applied here.
    await (await jetstreamManager(nats.nc)).streams.add({ name: 'LAG_BACKLOG', subjects: ['lag-backlog.>'] });
    const waiter = new ConsistencyWaiter({
      pool: db.pool, databaseUrl: db.url, checkpointName: 'lag-never-applied', stream: new StreamPosition(nats.nc, 'LAG_BACKLOG', 0), waitMs: 5000, logger: silentLogger,
    });
    const publishedFirst = Date.now();
    await nats.js.publish('lag-backlog.a', 'first');
    await nats.js.publish('lag-backlog.b', 'second');
    const waited = await until(() => waiter.lag(), (lag) => lag.seconds >= 0.3);
    expect(waited).toMatchObject({ checkpoint: 0, streamLastSequence: 2, events: 2 });
    expect(waited.seconds).toBeLessThanOrEqual((Date.now() - publishedFirst) / 1000 + 0.05);

    await nats.js.publish('lag-backlog.c', 'third'); // a new event does not make the backlog look younger
    expect((await waiter.lag()).seconds).toBeGreaterThanOrEqual(waited.seconds);
    waiter.advance({ position: 2, lastEventTime: null }); // only the third, just published, is left
    const third = await waiter.lag();
    expect(third).toMatchObject({ checkpoint: 2, events: 1 });
    expect(third.seconds).toBeLessThan(waited.seconds);
    waiter.advance({ position: 3, lastEventTime: null });
    expect(await waiter.lag()).toMatchObject({ checkpoint: 3, events: 0, seconds: 0 });
  });

  it('parses tokens: absent → no wait, malformed → 400', () => {
    expect(parseConsistencyToken(undefined)).toBeUndefined();
    expect(parseConsistencyToken('42')).toBe(42);
    for (const bad of ['', '0', '-1', '1.5', 'abc', '99999999999999999']) {
      expect(() => parseConsistencyToken(bad)).toThrow(BadRequestError);
    }
  });
});
