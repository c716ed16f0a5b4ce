import type pg from 'pg';
import { foldAccounts, loadAccounts, writeAccounts, type AccountsWrites } from '../accounts/accounts.projection.js';
import { foldCatalog, loadCatalog, writeCatalog, type CatalogWrites } from '../catalog/catalog.projection.js';
import { copyHistory } from '../history/history.copy.js';
import { projectHistory } from '../history/history.projection.js';
import { projectWebhooks } from '../webhooks/webhooks.projection.js';
import type { BatchEvent } from './batch.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import type { ReadModelTables } from './read-model-tables.js';

/** The checkpoint in the database is not where this projector expected it: re-read and reposition. */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
  constructor(
    readonly expected: number,
    readonly found: number,
  ) {
    super(`checkpoint expected at ${expected} but found at ${found}`);
  }
}

/** The stream denies deletes, so sequences are dense: a hole means a message is still on its way. */
export class BatchGapError extends Error {
  override readonly name = 'BatchGapError';
}

function assertContiguous(fresh: BatchEvent[], position: number): void {
  fresh.forEach((item, index) => {
    if (item.seq !== position + 1 + index) {
      throw new BatchGapError(`expected stream sequence ${position + 1 + index}, got ${item.seq}`);
    }
  });
}

export type ApplyOptions = {
  tables: ReadModelTables;
  checkpointName: string;
  /** Position this caller believes the checkpoint is at (the batch must continue from it). */
  expected: number;
  /** Test seam: runs inside the transaction just before COMMIT. */
  beforeCommit?: (batch: BatchEvent[]) => Promise<void>;
  /**
   * The rebuild's bulk load into tables nobody else reads or writes: history by COPY, and the commit
   * does not wait for the WAL flush (`synchronous_commit = off`). A crash can lose the last batches
   * but never leaves them half applied, and a rebuild that fails starts over from an empty schema.
   */
  bulk?: boolean;
};

/**
 * Applies a contiguous run of stream messages in ONE transaction together with the checkpoint.
 * The checkpoint row is locked first (`FOR UPDATE`): batches of any two writers serialise on it,
 * and positions at or below it are skipped, so nothing is applied twice whatever redelivers it.
 */
export async function applyBatch(pool: pg.Pool, batch: BatchEvent[], options: ApplyOptions): Promise<Checkpoint> {
  const client = await pool.connect();
  try {
    await client.query(options.bulk ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
    const checkpoint = await applyWithin(client, batch, options);
    await options.beforeCommit?.(batch);
    await client.query('COMMIT');
    return checkpoint;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The body of `applyBatch` for a caller that owns the transaction (the rebuild's swap). */
export async function applyWithin(client: pg.ClientBase, batch: BatchEvent[], options: ApplyOptions): Promise<Checkpoint> {
  const current = await readCheckpoint(client, options.checkpointName, true);
  if (current.position !== options.expected) throw new CheckpointMovedError(options.expected, current.position);
  const fresh = batch.filter((item) => item.seq > current.position);
  assertContiguous(fresh, current.position);
  // Never past an event this build cannot read: the batch fails whole, the checkpoint stays before it.
  const unknown = fresh.find((item) => item.unknownVersion)?.unknownVersion;
  if (unknown) throw unknown;
  return applyFresh(client, fresh, current, options);
}

async function applyFresh(
  client: pg.ClientBase,
  fresh: BatchEvent[],
  current: Checkpoint,
  options: ApplyOptions,
): Promise<Checkpoint> {
  const last = fresh.at(-1);
  if (!last) return current;
  const { tables } = options;
  const catalog = await loadCatalog(client, tables, fresh);
  const accounts = await loadAccounts(client, tables, fresh);
  // Postgres writes history while Node folds the read models (one statement in flight at a time).
  const history = (options.bulk ? copyHistory : projectHistory)(client, tables, fresh);
  let folded: { catalog: CatalogWrites; accounts: AccountsWrites };
  try {
    folded = { catalog: foldCatalog(catalog), accounts: foldAccounts(accounts) };
  } finally {
    await history;
  }
  await writeCatalog(client, tables, folded.catalog);
  await writeAccounts(client, tables, folded.accounts);
  await projectWebhooks(client, tables, fresh);
  const newest = fresh.findLast((item) => item.event !== undefined)?.event?.time;
  const checkpoint = { position: last.seq, lastEventTime: newest ? new Date(newest) : current.lastEventTime };
  await writeCheckpoint(client, options.checkpointName, checkpoint);
  return checkpoint;
}
