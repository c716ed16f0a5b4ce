import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { duration, integer, type Env } from '../../../libs/http/src/config/env.js';
import { loadHttpConfig, type HttpConfig } from '../../../libs/http/src/config/http.config.js';
import { loadFailpoints } from '../../../libs/http/src/config/failpoints.js';
import { loadEventStreamName, loadNatsConfig, type NatsConfig } from '../../../libs/nats/src/nats.config.js';
import { FAILPOINT_NAMES, type FailpointName } from './failpoints.js';
import { DEFAULT_AGGREGATE_CACHE_BYTES } from './pipeline/aggregate-cache.js';
import { loadVerifierConfig, type VerifierConfig } from './verification/verifier.config.js';
import { loadWebhookConfig, type WebhookConfig } from './webhooks/webhook.config.js';

export type CommandServiceConfig = {
  http: HttpConfig;
  nats: NatsConfig;
  port: number;
  eventStream: string;
  streamReplicas: number;
  /** JetStream's dedup window for `Nats-Msg-Id`. */
  duplicateWindowMs: number;
  /** How long idempotency keys are kept; longer than the duplicate window, so they live in KV. */
  idempotencyTtlMs: number;
  /** A pending idempotency record younger than this belongs to a live attempt (409 + Retry-After). */
  idempotencyLeaseMs: number;
  /** An unique-value reservation not backed by its owner's stream is reclaimed after this. */
  reservationGraceMs: number;
  /** Decisions per command when appends keep losing races, then 409. */
  commandAttempts: number;
  aggregateCacheSize: number;
  /** Estimated bytes of aggregate state the cache may hold. */
  aggregateCacheBytes: number;
  failpoints: FailpointName[];
  /** The package verifier this process runs (or not). */
  verifier: VerifierConfig;
  /** Webhook destinations and the delivery engine (SPEC §10). */
  webhooks: WebhookConfig;
};

export function loadConfig(env: Env): CommandServiceConfig {
  const duplicateWindowMs = duration(env, 'DUPLICATE_WINDOW', { default: '2m', min: 1_000 });
  const idempotencyTtlMs = duration(env, 'IDEMPOTENCY_TTL', { default: '25h', min: 1_000 });
  if (idempotencyTtlMs <= duplicateWindowMs) {
    throw new ConfigError('IDEMPOTENCY_TTL', `must be longer than DUPLICATE_WINDOW (${duplicateWindowMs} ms)`);
  }
  return {
    http: loadHttpConfig(env),
    nats: loadNatsConfig(env),
    port: integer(env, 'COMMAND_PORT', { min: 0, max: 65_535, default: 3000 }),
    eventStream: loadEventStreamName(env),
    streamReplicas: integer(env, 'STREAM_REPLICAS', { min: 1, max: 5, default: 1 }),
    duplicateWindowMs,
    idempotencyTtlMs,
    idempotencyLeaseMs: duration(env, 'IDEMPOTENCY_LEASE', { default: '30s', min: 100 }),
    reservationGraceMs: duration(env, 'RESERVATION_GRACE', { default: '1m', min: 0 }),
    commandAttempts: integer(env, 'COMMAND_ATTEMPTS', { min: 1, max: 1000, default: 30 }),
    aggregateCacheSize: integer(env, 'AGGREGATE_CACHE_SIZE', { min: 0, default: 10_000 }),
    aggregateCacheBytes: integer(env, 'AGGREGATE_CACHE_BYTES', { min: 0, default: DEFAULT_AGGREGATE_CACHE_BYTES }),
    failpoints: loadFailpoints(env, FAILPOINT_NAMES),
    verifier: loadVerifierConfig(env),
    webhooks: loadWebhookConfig(env),
  };
}
