import { randomUUID } from 'node:crypto';
import { CHECKPOINT_NAME } from '../projector/checkpoint.js';
import { catalogEvent, mixedHistory, newPackageId, partsHistory } from '../testing/event.factories.js';
import {
  checkpointReaches,
  closeDatabase,
  dumpReadModels,
  freshDatabase,
  publish,
  silentLogger,
  startProjector,
  startStream,
  STREAM,
  type Db,
  type Nats,
} from '../testing/projection.harness.js';
import { rebuildReadModels } from './rebuild.js';

/** Queries the live tables without pause until stopped; every error is kept. */
function queryLoop(db: Db, packageId: string): { stop(): Promise<{ queries: number; errors: unknown[] }> } {
  let running = true;
  let queries = 0;
  const errors: unknown[] = [];
  const loop = async (): Promise<void> => {
    while (running) {
      try {
        await db.pool.query('SELECT title FROM catalog_packages WHERE id = $1', [packageId]);
        await db.pool.query('SELECT count(*) FROM event_history WHERE subject LIKE $1', ['artifacts.catalog.%']);
        await db.pool.query('SELECT * FROM account_packages ORDER BY package_version_key LIMIT 5');
        queries += 3;
      } catch (err) {
        errors.push(err);
      }
    }
  };
  const loops = [loop(), loop()];
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { queries, errors };
    },
  };
}

/** The live read models' index definitions, storage parameters included. */
async function indexDefinitions(db: Db): Promise<string[]> {
  const { rows } = await db.pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");
  return rows.map((row) => row.indexdef);
}

describe('rebuild', () => {
  let nats: Nats;
  const databases: Db[] = [];

  beforeAll(async () => {
    nats = await startStream();
  });

  afterAll(async () => {
    await nats.nc.close();
    await nats.server.stop();
    await Promise.all(databases.map(closeDatabase));
  });

  it('restores corrupted rows from the stream while queries keep answering', async () => {
    const [live, reference] = await Promise.all([freshDatabase(), freshDatabase()]);
    databases.push(live, reference);
    const history = Array.from({ length: 20 }, () => [...mixedHistory(randomUUID()), ...partsHistory()]).flat();
    await publish(nats.js, history);
    const projector = await startProjector(nats, live, { batchSize: 50 });
    await checkpointReaches(live, history.length);

    const packageId = history[0]!.event.subject;
    await live.pool.query("UPDATE catalog_packages SET title = 'CORRUPT' WHERE id = $1", [packageId]);
    await live.pool.query('DELETE FROM account_packages WHERE id IN (SELECT id FROM account_packages LIMIT 3)');

    const queries = queryLoop(live, packageId);
    const rebuilding = rebuildReadModels({ pool: live.pool, nc: nats.nc, stream: STREAM, liveCheckpoint: CHECKPOINT_NAME, logger: silentLogger, batchSize: 7 });
    // Events keep arriving during the rebuild: the live projector and the swap's tail both see them.
    const more = await publish(nats.js, [...mixedHistory(randomUUID()), ...partsHistory()]);
    const report = await rebuilding;
    const outcome = await queries.stop();
    const last = more.at(-1) as number;
    await checkpointReaches(live, last);

    expect(outcome.errors).toEqual([]);
    expect(outcome.queries).toBeGreaterThan(0);
    expect(report.position).toBeGreaterThanOrEqual(history.length);
    const { rows } = await live.pool.query('SELECT title FROM catalog_packages WHERE id = $1', [packageId]);
    expect(rows).toEqual([{ title: 'Renamed' }]);

    const clean = await startProjector(nats, reference, { durable: 'proj_reference' });
    await checkpointReaches(reference, last);
    await clean.stop();
    await projector.stop();
    const { rows: schemas } = await live.pool.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'readmodels_%'");
    expect(schemas).toEqual([]);
    expect(await dumpReadModels(live)).toEqual(await dumpReadModels(reference));
    // The swapped-in tables' indexes keep the migrations' storage parameters (pg_get_indexdef).
    expect(await indexDefinitions(live)).toEqual(await indexDefinitions(reference));
    expect(await indexDefinitions(live)).toContainEqual(expect.stringMatching(/^CREATE INDEX catalog_packages_aliases_gin .* WITH \(.*fastupdate='?off'?.*\)$/));
  });

  it('bulk-loads history texts byte for byte, whatever they hold', async () => {
    const db = await freshDatabase();
    databases.push(db);
    const texts = ['\t{"a":\r\n"tab\\t, quote \\" and \\\\ backslash, é ✓ \\u00e9 \\u0000"}', '{"big": 1.000000000000000000001, "dup": 1, "dup": 2}'].map((extra) => {
      const { event } = catalogEvent('FutureThing', newPackageId(), {});
      return JSON.stringify(event).replace(/}$/, `, "x":${extra}}`);
    });
    const acks = await Promise.all(texts.map((text) => nats.js.publish(`artifacts.catalog.${newPackageId()}`, new TextEncoder().encode(text))));
    await rebuildReadModels({ pool: db.pool, nc: nats.nc, stream: STREAM, liveCheckpoint: CHECKPOINT_NAME, logger: silentLogger, batchSize: 3 });
    const { rows } = await db.pool.query('SELECT event::text AS text FROM event_history WHERE seq = ANY($1) ORDER BY seq', [acks.map((ack) => ack.seq)]);
    expect(rows.map((row) => row.text)).toEqual(texts);
  });
});
