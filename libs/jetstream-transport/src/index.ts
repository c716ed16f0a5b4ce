export { JetStreamServer } from './jetstream.server.js';
export { JetStreamContext, type JetStreamContextArgs } from './jetstream.context.js';
export { JetStreamErrorFilter } from './jetstream-error.filter.js';
export { prometheusTransportMetrics } from './jetstream-transport.metrics.js';
export { DLQ_HEADERS, ensureDeadLetterStream } from './dead-letter.js';
export { listDeadLetters, replayDeadLetters, type DeadLetterEntry, type DlqTarget } from './dlq.js';
export {
  transportNames,
  type DeadLetterHook,
  type JetStreamTransportMetrics,
  type JetStreamTransportOptions,
  type RedeliveryHook,
} from './jetstream-transport.options.js';
