import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { STREAM_SUBJECTS } from './subjects.js';

export type StreamSettings = { name: string; replicas: number; duplicateWindowMs: number };

export type EventStreamConfig = Partial<StreamConfig> & { name: string };

/** JetStream's "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;
const SUBJECTS_OVERLAP = 10065;
const STREAM_NAME = /^[A-Za-z0-9_-]+$/;
const NANOS_PER_MS = 1_000_000;

/**
 * The event stream of SPEC §7. The stream is the source of truth, so nothing may evict or remove an
 * event: no age, size or count limit, `discard: new` (a full disk refuses writes instead of dropping
 * history), deletes, purges and rollups denied.
 */
export function streamConfig(settings: StreamSettings): EventStreamConfig {
  assertStreamName(settings.name);
  return {
    name: settings.name,
    subjects: [STREAM_SUBJECTS],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: 0,
    max_bytes: -1,
    max_msgs: -1,
    max_msgs_per_subject: -1,
    max_msg_size: -1,
    max_consumers: -1,
    discard: DiscardPolicy.New,
    deny_delete: true,
    deny_purge: true,
    allow_rollup_hdrs: false,
    duplicate_window: settings.duplicateWindowMs * NANOS_PER_MS,
    num_replicas: settings.replicas,
    allow_direct: true,
  };
}

/**
 * What a create answers when a concurrent create of the same stream got in first (two services
 * booting against a fresh server): "name already in use" or, inside the server's window between
 * its name and subject checks, "subjects overlap with an existing stream".
 */
const STREAM_CREATE_RACE = new Set([STREAM_NAME_IN_USE, SUBJECTS_OVERLAP]);

export const lostCreateRace = (err: unknown): err is JetStreamApiError =>
  err instanceof JetStreamApiError && STREAM_CREATE_RACE.has(err.code);

/**
 * Runs a create that looks the stream up before adding it (a KV bucket's `create`) once more when it
 * lost a race with a concurrent identical create: the second run finds the stream and opens it. A
 * real conflict (another stream holds the subjects) fails the second run the same way and is thrown.
 */
export async function createRacing<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (!lostCreateRace(err)) throw err;
    return create();
  }
}

/**
 * Creates the stream, or brings an existing one to `config` (subjects and storage cannot change).
 * Never to fewer replicas than it has: see `assertReplicas`.
 */
export async function ensureStream(jsm: JetStreamManager, config: EventStreamConfig): Promise<StreamInfo> {
  try {
    // `add` with an identical configuration is idempotent, so the common boot costs one request.
    return await jsm.streams.add(config);
  } catch (err) {
    if (!lostCreateRace(err)) throw err;
    // Overlapping subjects of a stream by another name: no stream of ours to update.
    assertReplicas(await liveStream(jsm, config.name, err), config.num_replicas ?? 1);
    return jsm.streams.update(config.name, config);
  }
}

/** The stream named `name`; when there is none, the create's own error (another stream holds the subjects). */
export async function liveStream(jsm: JetStreamManager, name: string, createError: JetStreamApiError): Promise<StreamInfo> {
  try {
    return await jsm.streams.info(name);
  } catch (err) {
    throw err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound ? createError : err;
  }
}

/** A service configured with fewer replicas than the live stream has. */
export class StreamReplicasError extends Error {
  override readonly name = 'StreamReplicasError';
}

/**
 * A service started with a lower STREAM_REPLICAS than the live stream (a forgotten variable, a
 * copied single-node config) must not shrink the source of truth's redundancy as a side effect of
 * booting: it refuses to start, naming both numbers. Scaling down is an operator's deliberate act.
 */
export function assertReplicas(live: Pick<StreamInfo, 'config'>, wanted: number): void {
  const has = live.config.num_replicas;
  if (wanted < has) {
    throw new StreamReplicasError(
      `STREAM_REPLICAS is ${wanted} but the live stream ${live.config.name} has ${has} replicas; refusing to start rather than reduce them ` +
        `(set STREAM_REPLICAS=${has}, or scale the stream down deliberately with the nats CLI first)`,
    );
  }
}

export type NatsNames = {
  stream: string;
  subjects: string;
  aliasesBucket: string;
  uniqueBucket: string;
  idempotencyBucket: string;
};

/**
 * Every NATS object name derives from the event stream's name (docs/architecture.md). The
 * dead-letter stream and subjects are the subscriber transport's: see its `transportNames`.
 */
export function natsNames(stream: string): NatsNames {
  assertStreamName(stream);
  return {
    stream,
    subjects: STREAM_SUBJECTS,
    aliasesBucket: `${stream}_aliases`,
    uniqueBucket: `${stream}_unique`,
    idempotencyBucket: `${stream}_idempotency`,
  };
}

function assertStreamName(name: string): void {
  // The name becomes a subject token and part of KV bucket names: both allow only this alphabet.
  if (!STREAM_NAME.test(name)) throw new Error(`invalid event stream name: ${JSON.stringify(name)}`);
}
