import { Counter, type Registry } from 'prom-client';
import type { JetStreamTransportMetrics } from './jetstream-transport.options.js';

/** `subscriber_redeliveries_total{subscriber}` and `dead_letters_total{subscriber}` on `registry`. */
export function prometheusTransportMetrics(registry: Registry): JetStreamTransportMetrics {
  const counter = (name: string, help: string): Counter<'subscriber'> =>
    (registry.getSingleMetric(name) as Counter<'subscriber'> | undefined) ??
    new Counter({ name, help, labelNames: ['subscriber'], registers: [registry] });
  const redeliveries = counter('subscriber_redeliveries_total', 'Events delivered again to a subscriber');
  const deadLetters = counter('dead_letters_total', 'Events moved to the dead-letter stream');
  return {
    onRedelivery: ({ subscriber }) => redeliveries.inc({ subscriber }),
    onDeadLetter: ({ subscriber }) => deadLetters.inc({ subscriber }),
  };
}
