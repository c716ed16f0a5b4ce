import { Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { AccountsModule } from './accounts/accounts.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CommandCoreModule } from './command-core.module.js';
import type { CommandServiceConfig } from './config.js';
import { VerificationModule } from './verification/verification.module.js';
import { WebhookEngineModule } from './webhooks/webhook-engine.module.js';

/** The command service: the family-neutral core plus one module per API family. */
@Module({})
export class AppModule {
  static forRoot(config: CommandServiceConfig, nc: NatsConnection): DynamicModule {
    return { module: AppModule, imports: [CommandCoreModule.forRoot(config, nc), CatalogModule, AccountsModule, VerificationModule, WebhookEngineModule] };
  }
}
