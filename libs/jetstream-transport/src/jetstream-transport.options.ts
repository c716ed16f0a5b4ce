import type { NatsConnection } from '@nats-io/transport-node';

/** Called for each delivery after the first (the event was handed out again). */
export type RedeliveryHook = (info: { subscriber: string; subject: string; deliveryCount: number }) => void;
/** Called once an event was moved to the dead-letter stream. */
export type DeadLetterHook = (info: { subscriber: string; subject: string; error: string }) => void;

export type JetStreamTransportMetrics = { onRedelivery?: RedeliveryHook; onDeadLetter?: DeadLetterHook };

export type JetStreamTransportOptions = {
  /** NATS servers to connect to; ignored when `connection` is given. */
  servers?: string | string[];
  /** A connection owned by the caller: the transport uses it and never closes it. */
  connection?: NatsConnection;
  /** Event stream name (default `ARTIFACTS`). */
  stream?: string;
  /** Subscriber group name: one durable consumer `sub_<subscriber>` per group. */
  subscriber: string;
  /** One filter (nats-server 2.9 has no multi-filter consumers); default `artifacts.>`. */
  filterSubjects?: string | [string];
  /** Failed deliveries before an event is dead-lettered (default 5). */
  maxDeliver?: number;
  /** Redelivery delays by failed attempt; the last repeats (default 1s, 5s, 15s). */
  backoffMs?: number[];
  /** Ack wait of the consumer; must exceed the longest backoff (default 30s). */
  ackWaitMs?: number;
  /** Handlers running at once across aggregates (default 8). */
  concurrency?: number;
  metrics?: JetStreamTransportMetrics;
};

export type ResolvedOptions = Required<Omit<JetStreamTransportOptions, 'connection' | 'servers' | 'metrics' | 'filterSubjects'>> &
  Pick<JetStreamTransportOptions, 'connection' | 'servers'> & { metrics: JetStreamTransportMetrics; filterSubject: string };

const TOKEN = /^[A-Za-z0-9_-]+$/;

export function resolveOptions(options: JetStreamTransportOptions): ResolvedOptions {
  const { filterSubjects, ...rest } = withoutUndefined(options);
  const filters = typeof filterSubjects === 'string' ? [filterSubjects] : (filterSubjects ?? ['artifacts.>']);
  if (filters.length !== 1) throw new Error('filterSubjects takes exactly one subject (nats-server 2.9 has no multi-filter consumers)');
  const resolved: ResolvedOptions = {
    stream: 'ARTIFACTS',
    maxDeliver: 5,
    backoffMs: [1000, 5000, 15000],
    ackWaitMs: 30_000,
    concurrency: 8,
    ...rest,
    filterSubject: filters[0] ?? 'artifacts.>',
    metrics: options.metrics ?? {},
  };
  if (!TOKEN.test(resolved.subscriber)) throw new Error(`subscriber must match ${TOKEN}: ${resolved.subscriber}`);
  if (!TOKEN.test(resolved.stream)) throw new Error(`stream must match ${TOKEN}: ${resolved.stream}`);
  if (resolved.maxDeliver < 1 || resolved.concurrency < 1) throw new Error('maxDeliver and concurrency must be ≥ 1');
  // Held events of a blocked aggregate come back after the ack wait when the process stops; the
  // blocked event itself must be due before them, or a restart would hand them out first.
  const longest = Math.max(0, ...resolved.backoffMs);
  if (resolved.ackWaitMs <= longest) throw new Error(`ackWaitMs (${resolved.ackWaitMs}) must exceed the longest backoff (${longest})`);
  return resolved;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Delay before the next attempt after `failures` failed deliveries (1-based). */
export const backoffFor = (backoffMs: number[], failures: number): number =>
  backoffMs.length === 0 ? 0 : (backoffMs[Math.min(failures, backoffMs.length) - 1] ?? 0);

/** The dead-letter stream of an event stream, shared by all its subscribers. */
export const deadLetterNames = (stream: string) => ({
  deadLetterStream: `${stream}_DLQ`,
  deadLetterSubjects: `dlq.${stream}.>`,
});

/** Names of the NATS objects one subscriber uses (docs/architecture.md). */
export const transportNames = (stream: string, subscriber: string) => ({
  durable: `sub_${subscriber}`,
  replayDurable: `sub_${subscriber}_replay`,
  ...deadLetterNames(stream),
  deadLetterSubject: `dlq.${stream}.${subscriber}`,
  replaySubject: `dlq.${stream}.${subscriber}.replay`,
});
