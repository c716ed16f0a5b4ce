import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric either service exports, defined once so both use the same names and labels.
 * A registry per app (not prom-client's global one) so tests can boot several apps in one process.
 */
export type Metrics = {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  eventsAppended: Counter<'family' | 'type'>;
  appendConflicts: Counter;
  idempotentReplays: Counter;
  projectionLagEvents: Gauge;
  projectionLagSeconds: Gauge;
  subscriberRedeliveries: Counter<'subscriber'>;
  deadLetters: Counter<'subscriber'>;
};

export const METRICS = 'METRICS';

export function createMetrics(options: { service: string; defaultMetrics?: boolean }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    eventsAppended: new Counter({ name: 'events_appended_total', help: 'Events appended to the stream', labelNames: ['family', 'type'], registers }),
    appendConflicts: new Counter({ name: 'append_conflicts_total', help: 'Appends refused by the expected-version check', registers }),
    idempotentReplays: new Counter({ name: 'idempotent_replays_total', help: 'Writes answered from a stored idempotent response', registers }),
    projectionLagEvents: new Gauge({ name: 'projection_lag_events', help: 'Stream messages not yet applied by the projector', registers }),
    projectionLagSeconds: new Gauge({ name: 'projection_lag_seconds', help: 'Age of the oldest event not yet applied by the projector', registers }),
    subscriberRedeliveries: new Counter({ name: 'subscriber_redeliveries_total', help: 'Events delivered again to a subscriber', labelNames: ['subscriber'], registers }),
    deadLetters: new Counter({ name: 'dead_letters_total', help: 'Events a subscriber gave up on, sent to the dead-letter stream', labelNames: ['subscriber'], registers }),
  };
}
