import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { createJetStreamEventStore } from '../../../libs/event-store/src/jetstream-event-store.js';
import { natsNames, type NatsNames } from '../../../libs/event-store/src/stream-config.js';
import { ReadinessRegistry } from '../../../libs/http/src/health/readiness.registry.js';
import { METRICS, type Metrics } from '../../../libs/http/src/metrics/metrics.js';
import type { EventStore } from '../../../libs/event-store/src/event-store.js';
import type { CommandServiceConfig } from './config.js';
import { createFailpoints, type Failpoints } from './failpoints.js';
import { createIdempotencyStore } from './idempotency/idempotency.store.js';
import { openBucket, type Bucket } from './nats/kv-buckets.js';
import type { AggregateModel, DomainEvent } from './pipeline/aggregate-model.js';
import { createCommandPipeline, type CommandPipeline, type PipelineMetrics } from './pipeline/command-pipeline.js';
import { createKeyedQueue, type KeyedQueue } from './pipeline/keyed-queue.js';
import type { Idempotency } from './write/run-write.js';

// DI tokens of the family-neutral core; a family module (catalog, accounts) injects these.
export const COMMAND_CONFIG = 'COMMAND_CONFIG';
export const NATS_CONNECTION = 'NATS_CONNECTION';
export const NATS_NAMES = 'NATS_NAMES';
export const EVENT_STORE = 'EVENT_STORE';
/** One queue for every family, so shutdown drains all in-flight commands at once. */
export const COMMAND_QUEUE = 'COMMAND_QUEUE';
export const FAILPOINTS = 'FAILPOINTS';
export const PIPELINE_METRICS = 'PIPELINE_METRICS';
export const IDEMPOTENCY = 'IDEMPOTENCY';
/** `S_aliases`: catalog aliases. `S_unique`: the accounts (account, name, version, type) tuple. */
export const ALIASES_KV = 'ALIASES_KV';
export const UNIQUE_KV = 'UNIQUE_KV';

const bucket = (token: string, name: (names: NatsNames) => string) => ({
  provide: token,
  inject: [NATS_CONNECTION, NATS_NAMES, COMMAND_CONFIG],
  useFactory: (nc: NatsConnection, names: NatsNames, config: CommandServiceConfig): Promise<Bucket> =>
    openBucket(nc, name(names), { replicas: config.streamReplicas }),
});

/** A family's command pipeline (provided under `token`) over the core's store, queue, failpoints and metrics. */
export const pipelineProvider = <S, E extends DomainEvent>(token: string, model: AggregateModel<S, E>) => ({
  provide: token,
  inject: [EVENT_STORE, COMMAND_CONFIG, COMMAND_QUEUE, FAILPOINTS, PIPELINE_METRICS],
  useFactory: (store: EventStore, config: CommandServiceConfig, queue: KeyedQueue, failpoints: Failpoints, metrics: PipelineMetrics): CommandPipeline<S, E> =>
    createCommandPipeline({ store, model, maxAttempts: config.commandAttempts, cacheSize: config.aggregateCacheSize, cacheBytes: config.aggregateCacheBytes, queue, failpoints, metrics }),
});

/**
 * Runs after the HTTP server stopped accepting and answered its in-flight requests (Nest closes the
 * adapter before shutdown hooks): finishes any queued command, then drains and closes NATS.
 */
@Injectable()
class CommandLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(COMMAND_QUEUE) private readonly queue: KeyedQueue,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  onApplicationBootstrap(): void {
    // Ready = NATS answers a round trip (the event store and the KV buckets live there).
    this.readiness.register('nats', async () => {
      await this.nc.flush();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.drain();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

@Global()
@Module({})
export class CommandCoreModule {
  static forRoot(config: CommandServiceConfig, nc: NatsConnection): DynamicModule {
    const providers = [
      { provide: COMMAND_CONFIG, useValue: config },
      { provide: NATS_CONNECTION, useValue: nc },
      { provide: NATS_NAMES, useValue: natsNames(config.eventStream) },
      { provide: EVENT_STORE, useFactory: () => createJetStreamEventStore({ nc, stream: config.eventStream }) },
      { provide: COMMAND_QUEUE, useFactory: createKeyedQueue },
      { provide: FAILPOINTS, useFactory: () => createFailpoints(config.failpoints) },
      {
        provide: PIPELINE_METRICS,
        inject: [METRICS],
        useFactory: (metrics: Metrics): PipelineMetrics => ({
          appended: (family, type) => metrics.eventsAppended.inc({ family, type }),
          conflict: () => metrics.appendConflicts.inc(),
        }),
      },
      bucket(ALIASES_KV, (names) => names.aliasesBucket),
      bucket(UNIQUE_KV, (names) => names.uniqueBucket),
      {
        provide: IDEMPOTENCY,
        inject: [NATS_CONNECTION, NATS_NAMES, METRICS],
        useFactory: async (conn: NatsConnection, names: NatsNames, metrics: Metrics) => {
          const kv = await openBucket(conn, names.idempotencyBucket, { replicas: config.streamReplicas, ttlMs: config.idempotencyTtlMs });
          const idempotency: Idempotency = { store: createIdempotencyStore({ kv, leaseMs: config.idempotencyLeaseMs }), replayed: () => metrics.idempotentReplays.inc() };
          return idempotency;
        },
      },
      CommandLifecycle,
    ];
    return {
      module: CommandCoreModule,
      providers,
      exports: providers.filter((p) => p !== CommandLifecycle).map((p) => (p as { provide: string }).provide),
    };
  }
}
