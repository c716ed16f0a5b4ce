import type { Queryable } from './queryable.js';

/** The projector's checkpoint row name; a new projection version would get a new name. */
export const CHECKPOINT_NAME = 'readmodels';

/** NOTIFY channel every replica's ConsistencyWaiter LISTENs on; payload `<name>:<position>:<event time|>`. */
export const CHECKPOINT_CHANNEL = 'projection_checkpoints';

export type Checkpoint = {
  /** Last stream sequence processed (0 before the first). */
  position: number;
  /** Envelope time of the newest applied event, if any. */
  lastEventTime: Date | null;
};

export async function ensureCheckpoint(db: Queryable, name: string): Promise<void> {
  await db.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
}

export async function readCheckpoint(db: Queryable, name: string, forUpdate = false): Promise<Checkpoint> {
  const { rows } = await db.query<{ position: number; last_event_time: Date | null }>(
    `SELECT position, last_event_time FROM projection_checkpoints WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [name],
  );
  const row = rows[0];
  return { position: row?.position ?? 0, lastEventTime: row?.last_event_time ?? null };
}

/** Moves the checkpoint and NOTIFYs in the same statement; the notification leaves on commit only. */
export async function writeCheckpoint(db: Queryable, name: string, checkpoint: Checkpoint): Promise<void> {
  const time = checkpoint.lastEventTime?.toISOString() ?? null;
  await db.query(
    `WITH c AS (
       UPDATE projection_checkpoints
          SET position = $2, last_event_time = COALESCE($3::timestamptz, last_event_time), updated_at = now()
        WHERE name = $1
        RETURNING position, last_event_time)
     SELECT pg_notify($4, $1 || ':' || c.position || ':' || COALESCE(to_json(c.last_event_time) #>> '{}', ''))
       FROM c`,
    [name, checkpoint.position, time, CHECKPOINT_CHANNEL],
  );
}

export function parseNotification(payload: string | undefined): ({ name: string } & Checkpoint) | undefined {
  const match = /^([^:]+):(\d+):(.*)$/.exec(payload ?? '');
  if (!match) return undefined;
  const time = match[3] ? new Date(match[3]) : null;
  return { name: match[1] as string, position: Number(match[2]), lastEventTime: time && !Number.isNaN(time.getTime()) ? time : null };
}
