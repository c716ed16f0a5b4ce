// `npm run projections:rebuild`: rebuilds every read model from the event stream and swaps the new
// tables in while the projection service keeps answering queries (docs/read-models.md, "Rebuild").
import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { redactCredentials } from '../../../libs/http/src/config/redact.js';
import { createLogger } from '../../../libs/http/src/logging/logger.js';
import { connectNats } from '../../../libs/nats/src/nats.connection.js';
import { loadRebuildConfig } from './config.js';
import { assertDatabaseAnswers, createPool } from './database/database.js';
import { runMigrations } from './database/run-migrations.js';
import { CHECKPOINT_NAME } from './projector/checkpoint.js';
import { rebuildReadModels } from './rebuild/rebuild.js';

async function main(): Promise<void> {
  const config = loadRebuildConfig(process.env);
  const logger = createLogger({ level: config.logLevel, service: 'projections-rebuild' });
  const nc = await connectNats(config.nats, 'projections-rebuild');
  const pool = createPool({ url: config.databaseUrl, max: config.poolSize, applicationName: 'projections-rebuild' });
  try {
    await assertDatabaseAnswers(pool, config.databaseUrl);
    await runMigrations(config.databaseUrl);
    const report = await rebuildReadModels({
      pool,
      nc,
      stream: config.eventStream,
      liveCheckpoint: CHECKPOINT_NAME,
      logger,
      batchSize: config.batchSize,
    });
    logger.info(report, 'rebuild: new read models swapped in');
  } finally {
    await pool.end();
    await nc.drain();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? `invalid configuration: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(redactCredentials(`projections:rebuild: ${message}\n`));
  process.exit(1);
});
