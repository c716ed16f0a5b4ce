import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

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

/**
 * The whole stream, read by a client of its own (a raw NATS connection and an ordered consumer,
 * no project code): what a subscriber would see, independent of the services under test.
 */
export async function readStream(natsUrl: string, stream = 'ARTIFACTS', timeoutMs = 120_000): Promise<StreamEvent[]> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'reliability-checker' });
  try {
    const last = (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
    const events: StreamEvent[] = [];
    if (last === 0) return events;
    const consumer = await jetstream(nc).consumers.get(stream);
    const messages = await consumer.consume({ max_messages: 1000 });
    const timer = setTimeout(() => void messages.close(), timeoutMs);
    for await (const msg of messages) {
      const body = msg.json<Omit<StreamEvent, 'seq' | 'subject'>>();
      events.push({ ...body, seq: msg.seq, subject: msg.subject });
      if (msg.seq >= last) break;
    }
    clearTimeout(timer);
    if (events.at(-1)?.seq !== last) throw new Error(`read ${events.length} events, stream ends at ${last}`);
    return events;
  } finally {
    await nc.close();
  }
}
