/**
 * NATS names of the webhook machinery, derived from the event stream's name like every other one.
 * KV buckets never overlap `artifacts.>` (their subjects are `$KV.<bucket>.>`).
 */
export type WebhookNames = {
  /** KV: one entry per webhook with its current (and, during an overlap, previous) secret. */
  secretsBucket: string;
  /** KV: the delivery engine's state per webhook (its cursor, failing aggregates, held events) and its lease. */
  stateBucket: string;
  /** KV: the latest attempts per webhook (the bounded deliveries log). */
  deliveriesBucket: string;
  /** Dead letters of one webhook, in the transport's dead-letter stream (`dlq.<stream>.>`). */
  deadLetterSubscriber: (webhookId: string) => string;
};

export const webhookNames = (stream: string): WebhookNames => ({
  secretsBucket: `${stream}_webhook_secrets`,
  stateBucket: `${stream}_webhook_state`,
  deliveriesBucket: `${stream}_webhook_deliveries`,
  deadLetterSubscriber: (webhookId) => `webhook_${webhookId.replaceAll('-', '')}`,
});
