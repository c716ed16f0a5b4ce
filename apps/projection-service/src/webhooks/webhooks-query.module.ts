import { Module } from '@nestjs/common';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { createDeliveriesLog, type DeliveriesLog, type DeliveryRecord } from '../../../../libs/webhooks/src/deliveries-log.js';
import { webhookNames } from '../../../../libs/webhooks/src/names.js';
import type { ProjectionServiceConfig } from '../config.js';
import { NATS_CONNECTION, PROJECTION_CONFIG } from '../projection.tokens.js';
import { AccountWebhooksQueryController, CatalogWebhooksQueryController, DELIVERIES_LOG, WebhookReads } from './webhooks.controller.js';

/**
 * The deliveries log as the query side reads it. The delivery engine creates the bucket; until it
 * has, no webhook has an attempt to show.
 */
function readDeliveries(nc: NatsConnection, bucket: string): Pick<DeliveriesLog, 'latest'> {
  let log: DeliveriesLog | undefined;
  return {
    async latest(webhookId: string): Promise<DeliveryRecord[]> {
      if (!log) {
        const kv = await new Kvm(nc).open(bucket).catch(() => undefined);
        if (!kv) return [];
        log = createDeliveriesLog(kv);
      }
      return log.latest(webhookId);
    },
  };
}

/** Webhook registration reads of both families and their deliveries (SPEC §10). */
@Module({
  controllers: [CatalogWebhooksQueryController, AccountWebhooksQueryController],
  providers: [
    WebhookReads,
    {
      provide: DELIVERIES_LOG,
      inject: [NATS_CONNECTION, PROJECTION_CONFIG],
      useFactory: (nc: NatsConnection, config: ProjectionServiceConfig) => readDeliveries(nc, webhookNames(config.eventStream).deliveriesBucket),
    },
  ],
})
export class WebhooksQueryModule {}
