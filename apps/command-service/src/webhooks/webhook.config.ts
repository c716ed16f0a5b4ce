import { ConfigError } from '../../../../libs/http/src/config/config.error.js';
import { duration, integer, optionalString, type Env } from '../../../../libs/http/src/config/env.js';

export type WebhookConfig = {
  /** Private, loopback and link-local destinations allowed (`WEBHOOK_ALLOW_PRIVATE`, default false; `npm start` sets it). */
  allowPrivate: boolean;
  /** Whether this process may run the delivery engine (`WEBHOOK_DELIVERY_ENABLED`, default true; one replica runs it at a time). */
  delivery: boolean;
  /** First retry after a failed delivery (`WEBHOOK_RETRY_FIRST`, default 5 s), doubling up to `WEBHOOK_RETRY_MAX` (default 1 h). */
  firstRetryMs: number;
  maxRetryMs: number;
  /** Retried this long, then dead-lettered (`WEBHOOK_RETRY_FOR`, default 24 h). */
  giveUpAfterMs: number;
  /** An endpoint failing this long without a success is disabled (`WEBHOOK_DISABLE_AFTER`, default 5 days). */
  disableAfterMs: number;
  /** HTTP deliveries in flight at once in this process (`WEBHOOK_CONCURRENCY`, default 64). */
  concurrency: number;
  /** Aggregates of one webhook in flight at once, one event each (`WEBHOOK_ENDPOINT_IN_FLIGHT`, default 16). */
  endpointInFlight: number;
  /** How long a webhook host's checked DNS answer is reused (`WEBHOOK_DNS_CACHE`, default 30 s; 0 resolves for every delivery). */
  dnsCacheMs: number;
};

const flag = (env: Env, key: string, fallback: 'true' | 'false'): boolean => {
  const value = optionalString(env, key, fallback);
  if (value !== 'true' && value !== 'false') throw new ConfigError(key, `must be true or false, got "${value}"`);
  return value === 'true';
};

export function loadWebhookConfig(env: Env): WebhookConfig {
  const firstRetryMs = duration(env, 'WEBHOOK_RETRY_FIRST', { default: '5s', min: 100 });
  const maxRetryMs = duration(env, 'WEBHOOK_RETRY_MAX', { default: '1h', min: 100 });
  if (firstRetryMs > 5_000) throw new ConfigError('WEBHOOK_RETRY_FIRST', 'must be at most 5s (SPEC §10)');
  if (maxRetryMs < firstRetryMs || maxRetryMs > 3_600_000) throw new ConfigError('WEBHOOK_RETRY_MAX', 'must lie between WEBHOOK_RETRY_FIRST and 1h');
  return {
    allowPrivate: flag(env, 'WEBHOOK_ALLOW_PRIVATE', 'false'),
    delivery: flag(env, 'WEBHOOK_DELIVERY_ENABLED', 'true'),
    firstRetryMs,
    maxRetryMs,
    giveUpAfterMs: duration(env, 'WEBHOOK_RETRY_FOR', { default: '24h', min: 1_000 }),
    disableAfterMs: duration(env, 'WEBHOOK_DISABLE_AFTER', { default: '5d', min: 1_000 }),
    concurrency: integer(env, 'WEBHOOK_CONCURRENCY', { min: 1, max: 10_000, default: 64 }),
    endpointInFlight: integer(env, 'WEBHOOK_ENDPOINT_IN_FLIGHT', { min: 1, max: 1_000, default: 16 }),
    dnsCacheMs: duration(env, 'WEBHOOK_DNS_CACHE', { default: '30s', min: 0 }),
  };
}
