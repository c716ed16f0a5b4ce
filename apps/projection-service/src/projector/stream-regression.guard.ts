import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';
import { NotReadyError } from '../../../../libs/http/src/health/readiness.registry.js';
import type { Logger } from '../../../../libs/http/src/logging/logger.js';
import { findStreamRegression, StreamRegressionError, type RegressionProbe, type StreamRegression } from './stream-regression.js';

export type StreamRegressionGuardOptions = RegressionProbe & {
  pool: pg.Pool;
  nc: NatsConnection;
  logger: Logger;
  /** How often the check runs while idle, and the longest a batch goes without one. */
  intervalMs: number;
};

/**
 * Keeps the projector from extending read models that are ahead of their stream. Checks at boot,
 * on every NATS reconnect (a server restarted on another store is the usual cause), on a timer,
 * and before a batch commits whenever the last check is old or a reconnect happened since. Once
 * found, the regression sticks until the process restarts: readiness fails with the reason, the
 * gauge `projection_stream_regression` is 1, every batch is rolled back, and the listener (the
 * lifecycle) stops the projector. Repair is an operator's decision (docs/reliability.md).
 */
export class StreamRegressionGuard {
  private found: StreamRegression | undefined;
  private dirty = true;
  private checkedAt = 0;
  private inFlight: Promise<StreamRegression | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private gauge: Gauge | undefined;
  private jsm: Promise<JetStreamManager> | undefined;
  private listener: ((regression: StreamRegression) => void) | undefined;

  constructor(private readonly options: StreamRegressionGuardOptions) {}

  get regression(): StreamRegression | undefined {
    return this.found;
  }

  attachMetrics(registry: Registry): void {
    this.gauge = new Gauge({ name: 'projection_stream_regression', help: '1 when the read models are ahead of the event stream (projector stopped)', registers: [registry] });
    this.gauge.set(0);
  }

  onRegression(listener: (regression: StreamRegression) => void): void {
    this.listener = listener;
  }

  /** First check and watchers; resolves true when the projection must not start. */
  async start(): Promise<boolean> {
    void this.watchReconnects();
    this.timer = setInterval(() => void this.check().catch(() => undefined), this.options.intervalMs).unref();
    await this.check().catch((err: unknown) => this.options.logger.warn({ err }, 'stream regression check failed; retried before the first commit'));
    return this.found !== undefined;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** For the readiness registry: fails with the reason once a regression was found. */
  readonly readiness = async (): Promise<void> => {
    if (this.found) throw new NotReadyError(`stream regression: ${this.found.reason}`);
  };

  /** The projector's beforeCommit hook: a throw rolls the batch back. */
  readonly beforeCommit = async (): Promise<void> => {
    if (!this.found && (this.dirty || Date.now() - this.checkedAt >= this.options.intervalMs)) await this.check();
    if (this.found) throw new StreamRegressionError(this.found);
  };

  /** One check at a time; a failure to ask (NATS away) leaves the guard dirty and throws. */
  check(): Promise<StreamRegression | undefined> {
    if (this.found) return Promise.resolve(this.found);
    this.inFlight ??= this.runCheck().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async runCheck(): Promise<StreamRegression | undefined> {
    this.dirty = false;
    try {
      this.jsm ??= jetstreamManager(this.options.nc, { checkAPI: false });
      const found = await findStreamRegression(this.options.pool, await this.jsm, this.options);
      this.checkedAt = Date.now();
      if (found) this.record(found);
      return found;
    } catch (err) {
      this.jsm = undefined;
      this.dirty = true;
      throw err;
    }
  }

  private record(found: StreamRegression): void {
    this.found = found;
    this.gauge?.set(1);
    this.options.logger.error({ regression: found }, 'read models are ahead of the event stream; projector stopped');
    this.listener?.(found);
  }

  private async watchReconnects(): Promise<void> {
    for await (const status of this.options.nc.status()) {
      if (status.type !== 'reconnect') continue;
      this.dirty = true;
      void this.check().catch(() => undefined);
    }
  }
}
