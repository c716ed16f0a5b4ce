import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { waitUntil } from '../support/wait.js';

const STREAM = 'ARTIFACTS';

/**
 * Waits until the system has nothing left to do: the verifier and the other subscribers have no
 * pending or unacked events, the projector's checkpoint is the stream's last sequence, and that
 * sequence stayed the same across two consecutive looks. Returns the last sequence.
 */
export async function settle(natsUrl: string, databaseUrl: string, durables: string[], timeoutMs = 180_000): Promise<number> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'reliability-settle' });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const jsm = await jetstreamManager(nc);
    let previous = -1;
    let last = 0;
    await waitUntil(async () => {
      last = (await jsm.streams.info(STREAM)).state.last_seq;
      const quiet = (await Promise.all(durables.map((d) => drained(jsm, d)))).every(Boolean);
      const checkpoint = Number((await db.query<{ position: string }>("SELECT position FROM projection_checkpoints WHERE name = 'readmodels'")).rows[0]?.position ?? -1);
      const stable = last === previous;
      previous = last;
      return quiet && checkpoint === last && stable;
    }, timeoutMs, 'system settled', 500);
    return last;
  } finally {
    await db.end();
    await nc.close();
  }
}

async function drained(jsm: JetStreamManager, durable: string): Promise<boolean> {
  const info = await jsm.consumers.info(STREAM, durable);
  return info.num_pending === 0 && info.num_ack_pending === 0;
}

/** The projector's checkpoint as the database holds it. */
export async function readCheckpoint(databaseUrl: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ position: string }>("SELECT position FROM projection_checkpoints WHERE name = 'readmodels'");
    return Number(rows[0]?.position ?? 0);
  } finally {
    await db.end();
  }
}
