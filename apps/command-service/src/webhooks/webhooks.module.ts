import { Module } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { decide } from '../../../../libs/domain/src/webhooks/webhook.decider.js';
import type { WebhookCommand } from '../../../../libs/domain/src/webhooks/webhook.commands.js';
import type { WebhookEvent } from '../../../../libs/domain/src/webhooks/webhook.events.js';
import type { WebhookState } from '../../../../libs/domain/src/webhooks/webhook.state.js';
import { webhookNames } from '../../../../libs/webhooks/src/names.js';
import { createWebhookSecrets, type WebhookSecrets } from '../../../../libs/webhooks/src/secret-store.js';
import { COMMAND_CONFIG, IDEMPOTENCY, NATS_CONNECTION, pipelineProvider } from '../command-core.module.js';
import type { CommandServiceConfig } from '../config.js';
import { createBucket } from '../nats/kv-buckets.js';
import type { CommandPipeline } from '../pipeline/command-pipeline.js';
import type { Idempotency, WriteClaims } from '../write/run-write.js';
import type { WriteRequest } from '../write/write-request.js';
import { accountsRefusal, catalogRefusal, type RenderRefusal } from '../write/write-response.js';
import { WebhookCommands } from './webhook-commands.js';
import { accountWebhookModel, catalogWebhookModel } from './webhook.model.js';
import { ACCOUNT_WEBHOOKS, AccountWebhooksController, CATALOG_WEBHOOKS, CatalogWebhooksController } from './webhooks.controller.js';

export const CATALOG_WEBHOOK_PIPELINE = 'CATALOG_WEBHOOK_PIPELINE';
export const ACCOUNT_WEBHOOK_PIPELINE = 'ACCOUNT_WEBHOOK_PIPELINE';
export const WEBHOOK_SECRETS = 'WEBHOOK_SECRETS';

type Pipeline = CommandPipeline<WebhookState, WebhookEvent>;

/** Webhooks claim no unique values. */
const noClaims: WriteClaims<WebhookState, WebhookEvent> = { beforeAppend: async () => undefined, settle: async () => undefined, restore: async () => undefined };

const commands = (token: string, pipelineToken: string, refusal: (request: WriteRequest) => RenderRefusal) => ({
  provide: token,
  inject: [pipelineToken, WEBHOOK_SECRETS, IDEMPOTENCY, COMMAND_CONFIG],
  useFactory: (pipeline: Pipeline, secrets: WebhookSecrets, idempotency: Idempotency, config: CommandServiceConfig) =>
    new WebhookCommands(
      { pipeline, decide: (command: WebhookCommand, state: WebhookState) => decide(command, state), claims: () => noClaims, refusal, idempotency },
      secrets,
      { allowPrivate: config.webhooks.allowPrivate },
    ),
});

/** Webhook registrations of both families (SPEC §10): writes here, reads on the query service. */
@Module({
  controllers: [CatalogWebhooksController, AccountWebhooksController],
  providers: [
    pipelineProvider(CATALOG_WEBHOOK_PIPELINE, catalogWebhookModel),
    pipelineProvider(ACCOUNT_WEBHOOK_PIPELINE, accountWebhookModel),
    {
      provide: WEBHOOK_SECRETS,
      inject: [NATS_CONNECTION, COMMAND_CONFIG],
      useFactory: async (nc: NatsConnection, config: CommandServiceConfig): Promise<WebhookSecrets> =>
        createWebhookSecrets(await createBucket(nc, webhookNames(config.eventStream).secretsBucket, { replicas: config.streamReplicas })),
    },
    commands(CATALOG_WEBHOOKS, CATALOG_WEBHOOK_PIPELINE, catalogRefusal),
    commands(ACCOUNT_WEBHOOKS, ACCOUNT_WEBHOOK_PIPELINE, accountsRefusal),
  ],
  exports: [WEBHOOK_SECRETS, CATALOG_WEBHOOK_PIPELINE, ACCOUNT_WEBHOOK_PIPELINE],
})
export class WebhooksModule {}
