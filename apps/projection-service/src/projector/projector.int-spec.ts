import { randomUUID } from 'node:crypto';
import { loadAccounts } from '../accounts/accounts.projection.js';
import { toBatchEvent } from './batch.js';
import { readModelTables } from './read-model-tables.js';
import { accountEvent, accountResource, catalogEvent, mixedHistory, newPackageId, packageFields } from '../testing/event.factories.js';
import {
  checkpointReaches,
  closeDatabase,
  freshDatabase,
  publish,
  startProjector,
  startStream,
  type Db,
  type Nats,
  type RunningProjector,
} from '../testing/projection.harness.js';

describe('projector (JetStream → Postgres)', () => {
  let nats: Nats;
  let db: Db;
  let running: RunningProjector;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startStream(), freshDatabase()]);
    running = await startProjector(nats, db);
  });

  afterAll(async () => {
    await running.stop();
    await nats.nc.close();
    await nats.server.stop();
    await closeDatabase(db);
  });

  it('folds both families into the read models, history and checkpoint', async () => {
    const accountId = randomUUID();
    const events = mixedHistory(accountId);
    const seqs = await publish(nats.js, events);
    await running.waiter.waitFor(seqs.at(-1) as number);

    const a = events[0]!.event.subject;
    const { rows: [pkg] } = await db.pool.query('SELECT * FROM catalog_packages WHERE id = $1', [a]);
    expect(pkg).toMatchObject({
      title: 'Renamed',
      aliases: [],
      description: null,
      created_by: events[0]!.event.actor,
      created_on: new Date(events[0]!.event.time),
      // VersionSetDeleted (seq[6]) is the package's last event the read model understands.
      last_modified_by: events[6]!.event.actor,
      last_modified_on: new Date(events[6]!.event.time),
      version: seqs[6],
      created_seq: seqs[0],
    });
    const { rows: sets } = await db.pool.query('SELECT number, version_constraint, created_by, last_modified_by, version FROM catalog_version_sets WHERE package_id = $1', [a]);
    expect(sets).toEqual([
      { number: 2, version_constraint: '>=2 <4', created_by: events[2]!.event.actor, last_modified_by: events[5]!.event.actor, version: seqs[5] },
    ]);
    const deleted = events[8]!.event.subject;
    expect((await db.pool.query('SELECT 1 FROM catalog_packages WHERE id = $1', [deleted])).rowCount).toBe(0);

    const p = events[3]!.event.subject;
    const { rows: accounts } = await db.pool.query('SELECT * FROM account_packages WHERE account_id = $1', [accountId]);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      id: p,
      package_state: 'available',
      package_version: '22.09.1',
      version: seqs[7],
      created_seq: seqs[3],
      resource: {
        packageState: 'available',
        packageStateDetails: [{ type: 'ok', title: 'Verified', detail: 'fine' }],
        metadata: {
          labels: [{ name: 'tier', value: 'gold' }],
          modificationTimestamp: events[7]!.event.time,
          modifiedBy: '00000000-0000-0000-0000-000000000000',
          createdBy: events[3]!.event.actor,
        },
      },
    });

    const { rows: history } = await db.pool.query('SELECT seq, type, event FROM event_history WHERE subject = $1 ORDER BY seq', [events[8]!.subject]);
    expect(history.map((row) => row.type)).toEqual(['catalog.PackageCreated', 'catalog.PackageDeleted']);
    expect(history[1].event).toEqual(events[9]!.event);
    // An unknown type: in history and behind the checkpoint, not in the tables.
    const { rows: [{ count }] } = await db.pool.query('SELECT count(*)::int AS count FROM event_history WHERE subject = $1', [events[0]!.subject]);
    expect(count).toBe(7);
    expect(running.waiter.checkpoint.position).toBe(seqs.at(-1));
  });

  it('changes a bundle\'s state without loading its files, and keeps them', async () => {
    const accountId = randomUUID();
    const id = randomUUID();
    const files = [{ fileName: 'big.yaml', fileIdentifier: 'f1', fileMediaType: 'text/yaml', fileContents: 'x'.repeat(300_000) }];
    const [created] = await publish(nats.js, [accountEvent('PackageCreated', accountId, id, accountResource(accountId, id, { files }))]);
    await running.waiter.waitFor(created as number);
    const change = accountEvent('PackageStateChanged', accountId, id, { from: 'verifying', to: 'available', packageStateDetails: [], labels: [] });

    const item = toBatchEvent(0, change.subject, new TextEncoder().encode(JSON.stringify(change.event)));
    const loaded = await loadAccounts(db.pool, readModelTables(), [{ ...item, accountId }]);
    const [state] = [...loaded.folded.values()];
    expect(state?.row?.resource).toMatchObject({ id, packageState: 'verifying' });
    expect(state?.row?.resource).not.toHaveProperty('files');

    const [changed] = await publish(nats.js, [change]);
    await running.waiter.waitFor(changed as number);
    const { rows } = await db.pool.query('SELECT version, resource FROM account_packages WHERE account_id = $1', [accountId]);
    expect(rows).toEqual([{ version: changed, resource: expect.objectContaining({ id, packageState: 'available', files }) }]);
  });

  it('sorts account package versions by precedence through package_version_key', async () => {
    const accountId = randomUUID();
    const versions = ['v1.22', '1.3.0', '1.22.0-rc.1', '22.09.1', '1.3.0-alpha'];
    const seqs = await publish(
      nats.js,
      versions.map((packageVersion) => {
        const id = randomUUID();
        return accountEvent('PackageCreated', accountId, id, accountResource(accountId, id, { packageVersion }));
      }),
    );
    await running.waiter.waitFor(seqs.at(-1) as number);
    const { rows } = await db.pool.query(
      'SELECT package_version FROM account_packages WHERE account_id = $1 ORDER BY package_version_key, package_version',
      [accountId],
    );
    expect(rows.map((row) => row.package_version)).toEqual(['1.3.0-alpha', '1.3.0', '1.22.0-rc.1', 'v1.22', '22.09.1']);
  });

  it('keeps each event text in history byte for byte, several in one batch', async () => {
    const texts = [
      ' {\n\t"b": 1, "a" : "quote \\" and \\\\ backslash", "u": "é ✓ \\u00e9"}',
      '{"nul": "\\u0000", "big": 1.000000000000000000001, "dup": 1, "dup": 2}',
      '{"plain": true}',
    ].map((extra) => {
      const { event } = catalogEvent('FutureThing', newPackageId(), {});
      return JSON.stringify(event).replace(/}$/, `, "x":${extra}}`);
    });
    const subject = `artifacts.catalog.${newPackageId()}`;
    const acks = await Promise.all(texts.map((text) => nats.js.publish(subject, new TextEncoder().encode(text))));
    await running.waiter.waitFor(acks.at(-1)!.seq);
    const { rows } = await db.pool.query('SELECT event::text AS text FROM event_history WHERE seq = ANY($1) ORDER BY seq', [acks.map((ack) => ack.seq)]);
    expect(rows.map((row) => row.text)).toEqual(texts);
  });

  it('resolves a consistency wait on the commit that reaches it', async () => {
    const id = newPackageId();
    const [seq] = await publish(nats.js, [catalogEvent('PackageCreated', id, packageFields(id))]);
    await running.waiter.waitFor(seq as number, 15_000);
    expect((await db.pool.query('SELECT version FROM catalog_packages WHERE id = $1', [id])).rows).toEqual([{ version: seq }]);
    await checkpointReaches(db, seq as number, 1);
  });
});
