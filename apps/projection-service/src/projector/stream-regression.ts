import type { JetStreamManager } from '@nats-io/jetstream';
import { readCheckpoint } from './checkpoint.js';
import type { Queryable } from './queryable.js';

/** The read models hold a history the stream no longer has: continuing would silently skip or mix events. */
export type StreamRegression = {
  reason: string;
  checkpoint: number;
  streamLastSequence: number;
  /** The position whose event differs, when that is how it was found. */
  sequence?: number;
};

export class StreamRegressionError extends Error {
  override readonly name = 'StreamRegressionError';
  constructor(readonly regression: StreamRegression) {
    super(`stream regression: ${regression.reason}`);
  }
}

export type RegressionProbe = { stream: string; checkpointName: string; eventHistory: string };

/**
 * Compares the projection with the stream it came from. Two signs that the stream was replaced
 * (restored from an older copy, recreated): it ends before the checkpoint, or the event the read
 * models recorded at their newest position is not the one the stream holds there. Both are cheap:
 * one stream info and one message read. Undefined = consistent.
 */
export async function findStreamRegression(db: Queryable, jsm: JetStreamManager, probe: RegressionProbe): Promise<StreamRegression | undefined> {
  const { position } = await readCheckpoint(db, probe.checkpointName);
  if (position === 0) return undefined;
  const last = (await jsm.streams.info(probe.stream)).state.last_seq;
  const base = { checkpoint: position, streamLastSequence: last };
  if (last < position) {
    return { ...base, reason: `the stream ends at ${last} but the read models are at ${position} (stream restored from an older copy?)` };
  }
  const { rows } = await db.query<{ seq: string; id: string | null }>(
    `SELECT seq, event->>'id' AS id FROM ${probe.eventHistory} WHERE seq <= $1 ORDER BY seq DESC LIMIT 1`,
    [position],
  );
  const row = rows[0];
  if (!row) return undefined;
  const sequence = Number(row.seq);
  const inStream = await eventIdAt(jsm, probe.stream, sequence);
  if (inStream === row.id) return undefined;
  return {
    ...base,
    sequence,
    reason: `stream sequence ${sequence} holds event ${inStream ?? '(none)'} but the read models applied ${row.id ?? '(none)'} there (stream replaced?)`,
  };
}

async function eventIdAt(jsm: JetStreamManager, stream: string, seq: number): Promise<string | undefined> {
  const msg = await jsm.streams.getMessage(stream, { seq }).catch((err: unknown) => {
    // 10037 "no message found": the position is gone, which is itself the regression.
    if ((err as { code?: number }).code === 10037 || /no message found/i.test(String(err))) return null;
    throw err;
  });
  if (!msg) return undefined;
  try {
    return (msg.json<{ id?: unknown }>().id as string | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}
