import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  ReplayPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export type ConsumerSettings = {
  stream: string;
  durable: string;
  ackWaitMs: number;
  /** Bounds what the server hands out unacked, and so the projector's buffer. */
  maxAckPending: number;
};

const CONSUMER_NOT_FOUND = 10014;

/**
 * Places the durable so its next delivery is `checkpoint + 1`. Only the lock holder calls this.
 * A durable left by a crashed or stopped projector may hold deliveries nobody will ack (they would
 * come back only after the ack wait, behind newer ones) or an ack floor behind the checkpoint: it is
 * recreated at the checkpoint, which is the source of truth. So is a durable made with other
 * settings (an older `max_ack_pending` or ack wait): those cannot all be changed in place. A clean
 * durable with the current settings is kept as is.
 */
export async function positionConsumer(
  jsm: JetStreamManager,
  settings: ConsumerSettings,
  checkpoint: number,
): Promise<'kept' | 'created' | 'recreated'> {
  const info = await consumerInfo(jsm, settings);
  if (info && isClean(info, checkpoint) && hasSettings(info, settings)) return 'kept';
  if (info) await jsm.consumers.delete(settings.stream, settings.durable);
  await jsm.consumers.add(settings.stream, consumerConfig(settings, checkpoint));
  return info ? 'recreated' : 'created';
}

async function consumerInfo(jsm: JetStreamManager, settings: ConsumerSettings): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(settings.stream, settings.durable);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === CONSUMER_NOT_FOUND) return undefined;
    throw err;
  }
}

const isClean = (info: ConsumerInfo, checkpoint: number): boolean =>
  info.num_ack_pending === 0 &&
  info.num_redelivered === 0 &&
  info.delivered.stream_seq === checkpoint &&
  info.ack_floor.stream_seq === checkpoint;

const hasSettings = (info: ConsumerInfo, settings: ConsumerSettings): boolean =>
  info.config.max_ack_pending === settings.maxAckPending && info.config.ack_wait === nanos(settings.ackWaitMs);

function consumerConfig(settings: ConsumerSettings, checkpoint: number): Partial<ConsumerConfig> {
  return {
    durable_name: settings.durable,
    // AckAll: acking a batch's last message acknowledges the whole batch in one message.
    ack_policy: AckPolicy.All,
    ack_wait: nanos(settings.ackWaitMs),
    // A projector never gives up on an event: skipping one would corrupt every read model after it.
    max_deliver: -1,
    max_ack_pending: settings.maxAckPending,
    replay_policy: ReplayPolicy.Instant,
    ...(checkpoint === 0
      ? { deliver_policy: DeliverPolicy.All }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: checkpoint + 1 }),
  };
}
