import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { Gauge } from 'prom-client';
import { NotReadyError, ReadinessRegistry } from '../../../libs/http/src/health/readiness.registry.js';
import { HTTP_LOGGER } from '../../../libs/http/src/http-edge.module.js';
import type { Logger } from '../../../libs/http/src/logging/logger.js';
import { METRICS, type Metrics } from '../../../libs/http/src/metrics/metrics.js';
import type { ProjectionServiceConfig } from './config.js';
import { ConsistencyWaiter } from './projector/consistency-waiter.js';
import { Projector } from './projector/projector.js';
import { StreamRegressionGuard } from './projector/stream-regression.guard.js';
import { NATS_CONNECTION, PG_POOL, PROJECTION_CONFIG } from './projection.tokens.js';

const LAG_GAUGE_INTERVAL_MS = 1000;

/** Starts the waiter and the projector with the app; stops them, after HTTP, on shutdown. */
@Injectable()
export class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private gaugeTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PROJECTION_CONFIG) private readonly config: ProjectionServiceConfig,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(ConsistencyWaiter) private readonly waiter: ConsistencyWaiter,
    @Inject(Projector) private readonly projector: Projector,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(HTTP_LOGGER) private readonly logger: Logger,
    @Inject(StreamRegressionGuard) private readonly regression: StreamRegressionGuard,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.waiter.start();
    this.regression.attachMetrics(this.metrics.registry);
    this.regression.onRegression(() => void this.projector.stop());
    this.readiness.register('stream', this.regression.readiness);
    // Read models ahead of their stream must not be extended: the projector starts only if they are not.
    if (!(await this.regression.start())) this.projector.start();
    this.readiness.register('postgres', async () => void (await this.pool.query('SELECT 1')));
    this.readiness.register('nats', async () => void (await this.nc.rtt()));
    this.watchUnreadable();
    this.readiness.register('projection-lag', async () => {
      const lag = await this.waiter.lag();
      if (lag.events >= this.config.readyLagThreshold) {
        throw new NotReadyError(`${lag.events} events behind (threshold ${this.config.readyLagThreshold})`);
      }
      // Every replica reads the same read models: lag is reported, and fails /health/ready, but not a
      // replica's own probe (/health/ready?scope=replica), or all of them would leave the Service at once.
    }, 'shared');
    this.gaugeTimer = setInterval(() => void this.updateGauges(), LAG_GAUGE_INTERVAL_MS).unref();
  }

  /**
   * Runs after HTTP stopped accepting and its requests in flight were answered (SPEC §8): the
   * projector keeps applying until then, so a read waiting on a consistency token still gets its
   * answer. Then it finishes the batch in flight (committed and acked), stops consuming and frees
   * the lock, and the connections close.
   */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.gaugeTimer);
    this.regression.stop();
    await this.projector.stop();
    await this.waiter.stop();
    await this.pool.end().catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
  }

  /** A newer producer's event stops the projector (never skipped): readiness and a metric say where. */
  private watchUnreadable(): void {
    const projector = this.projector;
    new Gauge({
      name: 'projection_unreadable_event_position',
      help: 'Stream position of an event of an unknown schema version the projector stopped at (0 when none)',
      registers: [this.metrics.registry],
      collect() {
        this.set(projector.unreadable?.seq ?? 0);
      },
    });
    this.readiness.register('projection-event-versions', async () => {
      const stuck = projector.unreadable;
      if (stuck) throw new NotReadyError(`stopped at stream position ${stuck.seq}: ${stuck.reason}`);
    });
  }

  private async updateGauges(): Promise<void> {
    try {
      const lag = await this.waiter.lag();
      this.metrics.projectionLagEvents.set(lag.events);
      this.metrics.projectionLagSeconds.set(lag.seconds);
    } catch (err) {
      this.logger.debug({ err }, 'projection lag unavailable');
    }
  }
}
