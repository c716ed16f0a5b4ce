import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { applyWithin } from '../projector/apply-batch.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from '../projector/checkpoint.js';
import { LIVE_SCHEMA, READ_MODEL_TABLE_NAMES, readModelTables } from '../projector/read-model-tables.js';
import { readRange, type BatchLimits } from './stream-reader.js';

export type SwapOptions = {
  nc: NatsConnection;
  stream: string;
  /** Schema holding the rebuilt tables. */
  schema: string;
  liveCheckpoint: string;
  rebuildCheckpoint: string;
  /** Where the rebuilt tables are. */
  rebuilt: Checkpoint;
  limits: BatchLimits;
};

export const OLD_SCHEMA = 'readmodels_old';

/**
 * One transaction: lock the live checkpoint row (the live projector's batches start by locking it,
 * so none runs meanwhile), apply the tail the live tables have and the new ones lack, move the live
 * tables out and the new ones in, and set the checkpoint to what the new tables hold. A query that
 * meets the swap waits for its lock and then resolves the table name again: it reads the new
 * table, never an error. Returns the live checkpoint after the swap.
 */
export async function swapIn(client: pg.ClientBase, options: SwapOptions): Promise<Checkpoint> {
  await client.query('BEGIN');
  try {
    const live = await readCheckpoint(client, options.liveCheckpoint, true);
    const rebuilt = await applyTail(client, options, live.position);
    await client.query(`DROP SCHEMA IF EXISTS ${OLD_SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${OLD_SCHEMA}`);
    for (const table of READ_MODEL_TABLE_NAMES) {
      await client.query(`ALTER TABLE ${LIVE_SCHEMA}.${table} SET SCHEMA ${OLD_SCHEMA}`);
      await client.query(`ALTER TABLE ${options.schema}.${table} SET SCHEMA ${LIVE_SCHEMA}`);
    }
    // Ahead of the live projector (it lagged): it finds the checkpoint moved and repositions there.
    const swapped = rebuilt.position >= live.position ? rebuilt : live;
    await writeCheckpoint(client, options.liveCheckpoint, swapped);
    await client.query('DELETE FROM projection_checkpoints WHERE name = $1', [options.rebuildCheckpoint]);
    await client.query('COMMIT');
    return swapped;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function applyTail(client: pg.ClientBase, options: SwapOptions, livePosition: number): Promise<Checkpoint> {
  let rebuilt = options.rebuilt;
  const tables = readModelTables(options.schema);
  await readRange(options.nc, options.stream, { from: rebuilt.position + 1, to: livePosition }, options.limits, async (batch) => {
    rebuilt = await applyWithin(client, batch, { tables, checkpointName: options.rebuildCheckpoint, expected: rebuilt.position });
  });
  return rebuilt;
}
