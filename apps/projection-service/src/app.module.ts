import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import type { Logger } from '../../../libs/http/src/logging/logger.js';
import type { ProjectionServiceConfig } from './config.js';
import { CHECKPOINT_NAME } from './projector/checkpoint.js';
import { ConsistencyWaiter } from './projector/consistency-waiter.js';
import { Projector } from './projector/projector.js';
import { readModelTables } from './projector/read-model-tables.js';
import { StreamPosition } from './projector/stream-position.js';
import { StreamRegressionGuard } from './projector/stream-regression.guard.js';
import { createFailpoints } from './failpoints.js';
import { ProjectionLifecycle } from './projection.lifecycle.js';
import { AccountsQueryModule } from './query/accounts-query.module.js';
import { CatalogQueryModule } from './query/catalog-query.module.js';
import { NATS_CONNECTION, PG_POOL, PROJECTION_CONFIG, RESPONSE_LIMIT_BYTES } from './projection.tokens.js';
import { WebhooksQueryModule } from './webhooks/webhooks-query.module.js';

export type ProjectionDeps = { config: ProjectionServiceConfig; nc: NatsConnection; pool: pg.Pool; logger: Logger };

/** The durable the projector consumes with (`proj_<name>_v<n>`); a new projection version gets a new one. */
export const PROJECTOR_DURABLE = 'proj_readmodels_v1';

/**
 * The projection service: projector, consistency waiter and the query API. Global, so query
 * controllers anywhere inject `PG_POOL` and `ConsistencyWaiter`.
 */
@Global()
@Module({})
export class AppModule {
  static forRoot(deps: ProjectionDeps): DynamicModule {
    const { config, nc, pool, logger } = deps;
    const stream = new StreamPosition(nc, config.eventStream);
    const waiter = new ConsistencyWaiter({
      pool,
      databaseUrl: config.databaseUrl,
      checkpointName: CHECKPOINT_NAME,
      stream,
      waitMs: config.consistencyWaitMs,
      logger: logger.child({ component: 'consistency' }),
    });
    const guard = new StreamRegressionGuard({
      pool,
      nc,
      stream: config.eventStream,
      checkpointName: CHECKPOINT_NAME,
      eventHistory: readModelTables().eventHistory,
      intervalMs: config.streamCheckMs,
      logger: logger.child({ component: 'stream-regression' }),
    });
    const failpoints = createFailpoints(config.failpoints);
    const projector = new Projector({
      pool,
      databaseUrl: config.databaseUrl,
      nc,
      consumer: { stream: config.eventStream, durable: PROJECTOR_DURABLE, ackWaitMs: 30_000 },
      checkpointName: CHECKPOINT_NAME,
      tables: readModelTables(),
      batchSize: config.batchSize,
      maxBatchBytes: config.batchBytes,
      maxBufferBytes: config.bufferBytes,
      leaderRetryMs: config.leaderRetryMs,
      logger: logger.child({ component: 'projector' }),
      onCommitted: (checkpoint) => waiter.advance(checkpoint),
      hooks: { beforeCommit: guard.beforeCommit, afterCommit: async () => failpoints.hit('crash-after-commit') },
    });
    return {
      module: AppModule,
      imports: [CatalogQueryModule, AccountsQueryModule, WebhooksQueryModule],
      providers: [
        { provide: PROJECTION_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: nc },
        { provide: PG_POOL, useValue: pool },
        { provide: RESPONSE_LIMIT_BYTES, useValue: config.responseLimitBytes },
        { provide: StreamPosition, useValue: stream },
        { provide: ConsistencyWaiter, useValue: waiter },
        { provide: Projector, useValue: projector },
        { provide: StreamRegressionGuard, useValue: guard },
        ProjectionLifecycle,
      ],
      exports: [PROJECTION_CONFIG, NATS_CONNECTION, PG_POOL, RESPONSE_LIMIT_BYTES, StreamPosition, ConsistencyWaiter, Projector],
    };
  }
}
