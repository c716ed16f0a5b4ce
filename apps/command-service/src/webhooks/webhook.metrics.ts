import { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '../../../../libs/http/src/metrics/metrics.js';
import type { DeliveryOutcomeName } from '../../../../libs/webhooks/src/webhook-worker.js';

/** SPEC §10's webhook metrics, on the service's registry. Per-webhook series are labelled by webhook id. */
export type WebhookMetrics = {
  attempted(webhook: string, outcome: DeliveryOutcomeName, durationMs: number): void;
  deadLettered(webhook: string): void;
};

export function createWebhookMetrics(metrics: Metrics, engine: { isLeading: boolean; lag(now: number): { webhook: string; events: number; seconds: number }[] }): WebhookMetrics {
  const registers = [metrics.registry];
  const attempts = new Counter({ name: 'webhook_delivery_attempts_total', help: 'Webhook delivery attempts by outcome (delivered, failed, dead-lettered)', labelNames: ['outcome'], registers });
  const deliveries = new Counter({ name: 'webhook_deliveries_total', help: 'Events settled per webhook by outcome: delivered or dead-lettered', labelNames: ['outcome'], registers });
  const duration = new Histogram({ name: 'webhook_delivery_duration_seconds', help: 'Duration of one webhook delivery attempt', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
  const deadLetters = new Counter({ name: 'webhook_dead_letters_total', help: 'Events dead-lettered for a webhook after its retry window', labelNames: ['webhook'], registers });
  const sample = (pick: (lag: { events: number; seconds: number }) => number) =>
    function (this: Gauge<'webhook'>) {
      this.reset();
      for (const lag of engine.lag(Date.now())) this.set({ webhook: lag.webhook }, pick(lag));
    };
  new Gauge({ name: 'webhook_lag_events', help: 'Events a webhook has yet to receive (read and waiting, or still in the stream)', labelNames: ['webhook'], registers, collect: sample((lag) => lag.events) });
  new Gauge({ name: 'webhook_lag_seconds', help: 'Age of the oldest event a webhook has yet to receive', labelNames: ['webhook'], registers, collect: sample((lag) => lag.seconds) });
  new Gauge({
    name: 'webhook_engine_leader',
    help: '1 when this process runs the webhook delivery engine',
    registers,
    collect() {
      this.set(engine.isLeading ? 1 : 0);
    },
  });
  return {
    attempted(_webhook, outcome, durationMs) {
      attempts.inc({ outcome });
      if (outcome !== 'failed') deliveries.inc({ outcome });
      duration.observe(durationMs / 1000);
    },
    deadLettered(webhook) {
      deadLetters.inc({ webhook });
      metrics.deadLetters.inc({ subscriber: `webhook_${webhook}` });
    },
  };
}
