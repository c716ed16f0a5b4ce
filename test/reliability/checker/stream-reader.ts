import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { log } from '../support/checks.js';

export type StreamEvent = {
  seq: number;
  subject: string;
  id: string;
  type: string;
  actor: string;
  correlationid: string;
  causationid: string | undefined;
  data: Record<string, unknown>;
};

/** How long the ordered consumer may go without a message, short of the end, before the rest is read from the stream leader. */
const STALL_MS = 10_000;

/**
 * The whole stream, read by a client of its own (a raw NATS connection and an ordered consumer,
 * no project code): what a subscriber would see, independent of the services under test.
 *
 * On a replicated stream the ordered consumer (R1, ephemeral) may be placed on a follower that has
 * stored the newest entries but not yet learnt they are committed; with no further writes it can
 * wait there for good. A consumer that delivers nothing for STALL_MS short of the last sequence is
 * closed and the rest is read message by message from the stream leader (STREAM.MSG.GET), with a
 * line saying so.
 */
export async function readStream(natsUrl: string, stream = 'ARTIFACTS', timeoutMs = 120_000): Promise<StreamEvent[]> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'reliability-checker' });
  try {
    const jsm = await jetstreamManager(nc);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const events: StreamEvent[] = [];
    if (last === 0) return events;
    const consumer = await jetstream(nc).consumers.get(stream);
    const messages = await consumer.consume({ max_messages: 1000 });
    const deadline = Date.now() + timeoutMs;
    let stalled = false;
    let idle: NodeJS.Timeout | undefined;
    const watch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        stalled = Date.now() < deadline;
        void messages.close();
      }, Math.min(STALL_MS, Math.max(0, deadline - Date.now())));
    };
    watch();
    for await (const msg of messages) {
      events.push({ ...msg.json<Omit<StreamEvent, 'seq' | 'subject'>>(), seq: msg.seq, subject: msg.subject });
      if (msg.seq >= last) break;
      watch();
    }
    clearTimeout(idle);
    if (stalled) {
      const from = (events.at(-1)?.seq ?? 0) + 1;
      const on = (await consumer.info(true).catch(() => undefined))?.cluster?.leader ?? 'a server';
      const streamCluster = (await jsm.streams.info(stream)).cluster;
      const replicas = (streamCluster?.replicas ?? []).map((r) => `${r.name} ${r.current ? 'current' : 'behind'}, lag ${r.lag ?? 0}`).join('; ');
      log(`   the ordered consumer on ${on} delivered nothing for ${STALL_MS / 1000} s at ${from - 1} of ${last} (stream leader ${streamCluster?.leader ?? '–'}; ${replicas}); ${from}–${last} read from the stream leader`);
      events.push(...(await readFromLeader(jsm, stream, from, last)));
    }
    if (events.at(-1)?.seq !== last) throw new Error(`read ${events.length} events, stream ends at ${last}`);
    return events;
  } finally {
    await nc.close();
  }
}

async function readFromLeader(jsm: JetStreamManager, stream: string, from: number, last: number): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for (let seq = from; seq <= last; seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq });
    if (msg) events.push({ ...msg.json<Omit<StreamEvent, 'seq' | 'subject'>>(), seq: msg.seq, subject: msg.subject });
  }
  return events;
}
