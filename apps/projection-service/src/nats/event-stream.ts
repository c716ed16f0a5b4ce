import { JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { assertReplicas, liveStream, lostCreateRace, streamConfig, type StreamSettings } from '../../../../libs/event-store/src/stream-config.js';

const STREAM_NOT_FOUND = 10059;

/**
 * Creates the event stream when it does not exist yet, so the projector can start first. An
 * existing stream is never updated from here: its configuration belongs to the command service,
 * and two services "correcting" each other's settings would fight.
 */
export async function createStreamIfMissing(nc: NatsConnection, settings: StreamSettings): Promise<'exists' | 'created'> {
  const jsm = await jetstreamManager(nc);
  try {
    assertReplicas(await jsm.streams.info(settings.name), settings.replicas);
    return 'exists';
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== STREAM_NOT_FOUND) throw err;
  }
  try {
    await jsm.streams.add(streamConfig(settings));
    return 'created';
  } catch (err) {
    // The command service created it in between (with its own settings): that one wins.
    if (!lostCreateRace(err)) throw err;
    await liveStream(jsm, settings.name, err);
    return 'exists';
  }
}
