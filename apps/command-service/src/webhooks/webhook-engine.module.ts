import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { SYSTEM_ACTOR } from '../../../../libs/domain/src/event-meta.js';
import { decide } from '../../../../libs/domain/src/webhooks/webhook.decider.js';
import type { WebhookEvent } from '../../../../libs/domain/src/webhooks/webhook.events.js';
import type { WebhookState } from '../../../../libs/domain/src/webhooks/webhook.state.js';
import { accountWebhookSubject, catalogWebhookSubject } from '../../../../libs/event-store/src/subjects.js';
import { ReadinessRegistry } from '../../../../libs/http/src/health/readiness.registry.js';
import { HTTP_LOGGER } from '../../../../libs/http/src/http-edge.module.js';
import type { Logger } from '../../../../libs/http/src/logging/logger.js';
import { METRICS, type Metrics } from '../../../../libs/http/src/metrics/metrics.js';
import { createDeliveriesLog } from '../../../../libs/webhooks/src/deliveries-log.js';
import { DeliveryEngine } from '../../../../libs/webhooks/src/delivery-engine.js';
import { cachingResolver } from '../../../../libs/webhooks/src/destination.js';
import { createLease } from '../../../../libs/webhooks/src/engine-lease.js';
import { webhookNames } from '../../../../libs/webhooks/src/names.js';
import { watchWebhookSecrets } from '../../../../libs/webhooks/src/secret-store.js';
import type { WebhookTarget } from '../../../../libs/webhooks/src/signed-attempt.js';
import { COMMAND_CONFIG, NATS_CONNECTION } from '../command-core.module.js';
import type { CommandServiceConfig } from '../config.js';
import { createBucket } from '../nats/kv-buckets.js';
import type { CommandPipeline } from '../pipeline/command-pipeline.js';
import { createWebhookMetrics } from './webhook.metrics.js';
import { ACCOUNT_WEBHOOK_PIPELINE, CATALOG_WEBHOOK_PIPELINE, WebhooksModule } from './webhooks.module.js';

const LEASE_TTL_MS = 10_000;

type Pipeline = CommandPipeline<WebhookState, WebhookEvent>;

/**
 * Runs the delivery engine in this process when WEBHOOK_DELIVERY_ENABLED (default); replicas share
 * one lease, so exactly one delivers and the others stand by (docs/decisions.md).
 */
@Injectable()
class WebhookEngineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private engine?: DeliveryEngine;
  private stopWatch?: () => void;

  constructor(
    @Inject(COMMAND_CONFIG) private readonly config: CommandServiceConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(CATALOG_WEBHOOK_PIPELINE) private readonly catalog: Pipeline,
    @Inject(ACCOUNT_WEBHOOK_PIPELINE) private readonly accounts: Pipeline,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(HTTP_LOGGER) private readonly logger: Logger,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, nc } = this;
    const names = webhookNames(config.eventStream);
    const bucket = (name: string): Promise<KV> => createBucket(nc, name, { replicas: config.streamReplicas });
    const [state, deliveries] = await Promise.all([bucket(names.stateBucket), bucket(names.deliveriesBucket)]);
    this.readiness.register('webhook-state', async () => void (await state.status()), 'shared');
    if (!config.webhooks.delivery) return;
    const logger = this.logger.child({ component: 'webhooks' });
    const { webhooks } = config;
    const secrets = await watchWebhookSecrets(await bucket(names.secretsBucket));
    this.stopWatch = secrets.stop;
    const metrics = createWebhookMetrics(this.metrics, {
      get isLeading() {
        return engine.isLeading;
      },
      lag: (now) => engine.lag(now),
    });
    const engine = new DeliveryEngine({
      js: jetstream(nc),
      jsm: await jetstreamManager(nc),
      stream: config.eventStream,
      state,
      secrets,
      log: createDeliveriesLog(deliveries),
      destinations: cachingResolver({ allowPrivate: webhooks.allowPrivate }, webhooks.dnsCacheMs),
      schedule: { firstRetryMs: webhooks.firstRetryMs, maxRetryMs: webhooks.maxRetryMs, giveUpAfterMs: webhooks.giveUpAfterMs },
      disableAfterMs: webhooks.disableAfterMs,
      concurrency: webhooks.concurrency,
      lanesInFlight: webhooks.endpointInFlight,
      lease: createLease(state, 'engine-lease', randomUUID(), LEASE_TTL_MS),
      leaseRenewMs: LEASE_TTL_MS / 3,
      deadLetterSubscriber: names.deadLetterSubscriber,
      disable: (target, failingSince) => this.disable(target, failingSince),
      attempted: (target, outcome, durationMs) => metrics.attempted(target.id, outcome, durationMs),
      deadLettered: (target) => metrics.deadLettered(target.id),
      warn: (message) => logger.warn(message),
    });
    this.engine = engine;
    engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine?.stop();
    this.stopWatch?.();
  }

  /** WebhookDisabled, appended as the system through the webhook's own write path. */
  private async disable(target: WebhookTarget, failingSince: string): Promise<void> {
    const scope = { family: target.family, ...(target.accountId !== undefined && { account_id: target.accountId }) };
    const pipeline = target.family === 'catalog' ? this.catalog : this.accounts;
    const now = new Date().toISOString();
    const causationId = randomUUID();
    await pipeline.execute({
      subject: target.family === 'catalog' ? catalogWebhookSubject(target.id) : accountWebhookSubject(target.accountId ?? '', target.id),
      aggregateId: target.id,
      ...(target.accountId !== undefined && { accountId: target.accountId }),
      eventId: randomUUID(),
      envelope: { actor: SYSTEM_ACTOR, correlationId: causationId, causationId, now },
      decide: (state) => decide({ type: 'DisableWebhook', id: target.id, scope, failingSince, actor: SYSTEM_ACTOR, now }, state),
    });
  }
}

/** The webhook delivery engine (SPEC §10) beside the registration routes. */
@Module({ imports: [WebhooksModule], providers: [WebhookEngineLifecycle] })
export class WebhookEngineModule {}
