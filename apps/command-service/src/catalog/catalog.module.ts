import { Module } from '@nestjs/common';
import { decide } from '../../../../libs/domain/src/catalog/catalog-package.decider.js';
import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import type { CatalogPackageState } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import { ALIASES_KV, COMMAND_CONFIG, IDEMPOTENCY, pipelineProvider } from '../command-core.module.js';
import type { CommandServiceConfig } from '../config.js';
import type { Bucket } from '../nats/kv-buckets.js';
import type { CommandPipeline } from '../pipeline/command-pipeline.js';
import { createUniquenessStore, hexKey, type UniquenessStore } from '../uniqueness/uniqueness.store.js';
import type { Idempotency } from '../write/run-write.js';
import { catalogRefusal } from '../write/write-response.js';
import { createAliasClaims } from './alias-claims.js';
import { CatalogCommands } from './catalog-commands.js';
import { catalogModel } from './catalog.model.js';
import { ComponentsController } from './components.controller.js';
import { PackagesController } from './packages.controller.js';
import { ReleasesController } from './releases.controller.js';
import { VersionSetsController } from './versionsets.controller.js';

export const CATALOG_PIPELINE = 'CATALOG_PIPELINE';
export const ALIAS_STORE = 'ALIAS_STORE';

type Pipeline = CommandPipeline<CatalogPackageState, CatalogEvent>;

@Module({
  controllers: [PackagesController, VersionSetsController, ComponentsController, ReleasesController],
  providers: [
    pipelineProvider(CATALOG_PIPELINE, catalogModel),
    {
      provide: ALIAS_STORE,
      inject: [ALIASES_KV, CATALOG_PIPELINE, COMMAND_CONFIG],
      useFactory: (kv: Bucket, pipeline: Pipeline, config: CommandServiceConfig): UniquenessStore<string> =>
        createUniquenessStore<string>({
          kv,
          key: hexKey,
          // The owner's stream, brought up to date: a live package listing the alias holds it.
          holds: async (owner, alias) => {
            const { state } = await pipeline.load(catalogSubject(owner));
            return state.status === 'live' && state.aliases.includes(alias);
          },
          graceMs: config.reservationGraceMs,
        }),
    },
    {
      provide: CatalogCommands,
      inject: [CATALOG_PIPELINE, ALIAS_STORE, IDEMPOTENCY],
      useFactory: (pipeline: Pipeline, aliases: UniquenessStore<string>, idempotency: Idempotency) =>
        new CatalogCommands(
          { pipeline, decide, claims: ({ aggregateId }) => createAliasClaims(aliases, aggregateId), refusal: catalogRefusal, idempotency },
          aliases,
        ),
    },
  ],
})
export class CatalogModule {}
