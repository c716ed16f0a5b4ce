import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { duration, integer, requireString, type Env } from '../../../libs/http/src/config/env.js';
import { loadHttpConfig, logFormat, logLevel, type HttpConfig } from '../../../libs/http/src/config/http.config.js';
import { loadFailpoints } from '../../../libs/http/src/config/failpoints.js';
import { loadEventStreamName, loadNatsConfig, type NatsConfig } from '../../../libs/nats/src/nats.config.js';
import { FAILPOINT_NAMES, type FailpointName } from './failpoints.js';

export type ProjectionServiceConfig = {
  http: HttpConfig;
  nats: NatsConfig;
  databaseUrl: string;
  /** DATABASE_POOL_SIZE: connections for queries and projector batches (the lock and LISTEN have their own). */
  poolSize: number;
  port: number;
  eventStream: string;
  /** Used only when this service has to create the stream because it does not exist yet. */
  streamReplicas: number;
  duplicateWindowMs: number;
  /** CONSISTENCY_WAIT_MS: how long a query with X-Consistency-Token waits before 503. */
  consistencyWaitMs: number;
  /** READY_LAG_THRESHOLD: /health/ready fails when the projector is this many events behind or more. */
  readyLagThreshold: number;
  /** PROJECTOR_BATCH_SIZE: messages per transaction; while catching up a batch grows to 4× this. */
  batchSize: number;
  /** PROJECTOR_BUFFER_BYTES: event data received and not yet applied; pulls stop while it is full. */
  bufferBytes: number;
  /** PROJECTOR_BATCH_BYTES: event data in one transaction past its first event. */
  batchBytes: number;
  /** RESPONSE_LIMIT_BYTES: a list page larger than this is refused with a 400 naming the page size parameter. */
  responseLimitBytes: number;
  /** PROJECTOR_LOCK_RETRY: how often a standby replica tries to become the projector. */
  leaderRetryMs: number;
  /** STREAM_CHECK_INTERVAL: how often the projection is compared with the stream (regression guard). */
  streamCheckMs: number;
  /** FAILPOINTS: crash points for the reliability suites; empty in production. */
  failpoints: FailpointName[];
};

const MIB = 1024 * 1024;

export function loadConfig(env: Env): ProjectionServiceConfig {
  return {
    http: loadHttpConfig(env),
    nats: loadNatsConfig(env),
    databaseUrl: databaseUrl(env),
    poolSize: integer(env, 'DATABASE_POOL_SIZE', { min: 2, max: 200, default: 10 }),
    port: integer(env, 'QUERY_PORT', { min: 0, max: 65_535, default: 3001 }),
    eventStream: loadEventStreamName(env),
    streamReplicas: integer(env, 'STREAM_REPLICAS', { min: 1, max: 5, default: 1 }),
    duplicateWindowMs: duration(env, 'DUPLICATE_WINDOW', { default: '2m', min: 1_000 }),
    consistencyWaitMs: integer(env, 'CONSISTENCY_WAIT_MS', { min: 0, max: 600_000, default: 5000 }),
    readyLagThreshold: integer(env, 'READY_LAG_THRESHOLD', { min: 1, default: 10_000 }),
    batchSize: integer(env, 'PROJECTOR_BATCH_SIZE', { min: 1, max: 10_000, default: 500 }),
    bufferBytes: integer(env, 'PROJECTOR_BUFFER_BYTES', { min: MIB, max: 1024 * MIB, default: 8 * MIB }),
    batchBytes: integer(env, 'PROJECTOR_BATCH_BYTES', { min: MIB, max: 256 * MIB, default: 4 * MIB }),
    responseLimitBytes: integer(env, 'RESPONSE_LIMIT_BYTES', { min: 64 * 1024, max: 256 * MIB, default: 16 * MIB }),
    leaderRetryMs: duration(env, 'PROJECTOR_LOCK_RETRY', { default: '5s', min: 100 }),
    streamCheckMs: duration(env, 'STREAM_CHECK_INTERVAL', { default: '5s', min: 100 }),
    failpoints: loadFailpoints(env, FAILPOINT_NAMES),
  };
}

export type RebuildConfig = Pick<ProjectionServiceConfig, 'nats' | 'databaseUrl' | 'poolSize' | 'eventStream'> & {
  logLevel: HttpConfig['logLevel'];
  logFormat: HttpConfig['logFormat'];
  /** REBUILD_BATCH_SIZE: events per transaction while rebuilding (large: bulk writes). */
  batchSize: number;
  /** REBUILD_BATCH_BYTES: event data per transaction while rebuilding; two batches are held at once. */
  batchBytes: number;
};

/** `npm run projections:rebuild` needs the stream and the database, not the HTTP keys (no auth secret). */
export function loadRebuildConfig(env: Env): RebuildConfig {
  return {
    nats: loadNatsConfig(env),
    databaseUrl: databaseUrl(env),
    poolSize: integer(env, 'DATABASE_POOL_SIZE', { min: 2, max: 200, default: 10 }),
    eventStream: loadEventStreamName(env),
    logLevel: logLevel(env),
    logFormat: logFormat(env),
    batchSize: integer(env, 'REBUILD_BATCH_SIZE', { min: 1, max: 50_000, default: 2000 }),
    batchBytes: integer(env, 'REBUILD_BATCH_BYTES', { min: MIB, max: 1024 * MIB, default: 8 * MIB }),
  };
}

function databaseUrl(env: Env): string {
  const raw = requireString(env, 'DATABASE_URL');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL like postgres://user:password@host:5432/db');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use postgres:// or postgresql://, got "${parsed.protocol}"`);
  }
  return raw;
}
