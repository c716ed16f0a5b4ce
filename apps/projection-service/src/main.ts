import 'reflect-metadata';
import { untilAvailable } from '../../../libs/event-store/src/until-available.js';
import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { redactCredentials } from '../../../libs/http/src/config/redact.js';
import { createHttpApp } from '../../../libs/http/src/bootstrap/create-http-app.js';
import { createLogger } from '../../../libs/http/src/logging/logger.js';
import { withOpenApi } from '../../../libs/http/src/openapi/openapi.module.js';
import { connectNats } from '../../../libs/nats/src/nats.connection.js';
import { AppModule } from './app.module.js';
import { loadConfig, type ProjectionServiceConfig } from './config.js';
import { assertDatabaseAnswers, createPool } from './database/database.js';
import { runMigrations } from './database/run-migrations.js';
import { createStreamIfMissing } from './nats/event-stream.js';
import { queryOpenApi } from './openapi/query.routes.js';

const SERVICE = 'projection-service';

async function main(): Promise<void> {
  const config = loadOrExit();
  const logger = createLogger({ level: config.http.logLevel, format: config.http.logFormat, service: SERVICE });
  const nc = await connectNats(config.nats, SERVICE);
  const pool = createPool({
    url: config.databaseUrl,
    max: config.poolSize,
    onIdleError: (err) => logger.warn({ err }, 'idle Postgres connection closed'),
  });
  await assertDatabaseAnswers(pool, config.databaseUrl);
  const migrations = await runMigrations(config.databaseUrl);
  if (migrations.length > 0) logger.info({ migrations }, 'migrations applied');
  const settings = { name: config.eventStream, replicas: config.streamReplicas, duplicateWindowMs: config.duplicateWindowMs };
  const stream = await untilAvailable(() => createStreamIfMissing(nc, settings), { onRetry: (err) => logger.warn({ err }, 'JetStream does not answer yet; trying again') });
  logger.info({ stream: config.eventStream, state: stream }, 'event stream ready');
  const app = await createHttpApp(withOpenApi(AppModule.forRoot({ config, nc, pool, logger }), queryOpenApi), {
    service: SERVICE,
    config: config.http,
    logger,
  });
  await app.listen(config.port, '0.0.0.0');
  logger.info({ port: config.port }, 'projection service listening');
}

function loadOrExit(): ProjectionServiceConfig {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(redactCredentials(`${SERVICE}: invalid configuration: ${err.message}\n`));
      process.exit(1);
    }
    throw err;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(redactCredentials(`${SERVICE}: ${err instanceof Error ? err.message : String(err)}\n`));
  process.exit(1);
});
