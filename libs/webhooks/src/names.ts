/**
 * NATS names of the webhook machinery, derived from the event stream's name like every other one.
 * None overlaps `artifacts.>`: the deliveries log is a stream of its own under `webhooks.<stream>.>`.
 */
export type WebhookNames = {
  /** KV: one entry per webhook with its current (and, during an overlap, previous) secret. */
  secretsBucket: string;
  /** KV: the delivery engine's state per webhook (its cursor, failing aggregates, held events) and its lease. */
  stateBucket: string;
  /** Stream: the latest attempts per webhook, bounded per subject. */
  logStream: string;
  logSubject: (webhookId: string) => string;
  /** Dead letters of one webhook, in the transport's dead-letter stream (`dlq.<stream>.>`). */
  deadLetterSubscriber: (webhookId: string) => string;
};

export const webhookNames = (stream: string): WebhookNames => ({
  secretsBucket: `${stream}_webhook_secrets`,
  stateBucket: `${stream}_webhook_state`,
  logStream: `${stream}_WEBHOOK_LOG`,
  logSubject: (webhookId) => `webhooks.${stream}.deliveries.${webhookId}`,
  deadLetterSubscriber: (webhookId) => `webhook_${webhookId.replaceAll('-', '')}`,
});
