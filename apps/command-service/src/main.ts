import 'reflect-metadata';
import { jetstreamManager } from '@nats-io/jetstream';
import { ensureStream, streamConfig } from '../../../libs/event-store/src/stream-config.js';
import { untilAvailable } from '../../../libs/event-store/src/until-available.js';
import { redactCredentials } from '../../../libs/http/src/config/redact.js';
import { createHttpApp } from '../../../libs/http/src/bootstrap/create-http-app.js';
import { createLogger } from '../../../libs/http/src/logging/logger.js';
import { withOpenApi } from '../../../libs/http/src/openapi/openapi.module.js';
import { connectNats } from '../../../libs/nats/src/nats.connection.js';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';
import { commandOpenApi } from './openapi/command.routes.js';
import { startVerifier } from './verification/verifier.transport.js';

const SERVICE = 'command-service';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.http.logLevel, format: config.http.logFormat, service: SERVICE });
  const nc = await connectNats(config.nats, SERVICE);
  const stream = streamConfig({ name: config.eventStream, replicas: config.streamReplicas, duplicateWindowMs: config.duplicateWindowMs });
  await untilAvailable(async () => ensureStream(await jetstreamManager(nc), stream), {
    onRetry: (err) => logger.warn({ err }, 'JetStream does not answer yet; trying again'),
  });
  const app = await createHttpApp(withOpenApi(AppModule.forRoot(config, nc), commandOpenApi), { service: SERVICE, config: config.http, logger, shutdownHooks: false });
  await startVerifier(app, { nc, stream: config.eventStream, config: config.verifier });
  await app.listen(config.port, '0.0.0.0');
  logger.info({ port: config.port, nats: config.nats.url, stream: config.eventStream }, 'command service listening');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new requests, finishing appends, closing NATS');
    // Stop accepting first; Fastify waits for in-flight requests, whose appends then finish
    // (the queue drains), and only then does the NATS connection drain and close.
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}

main().catch((err: unknown) => {
  // Boot failures name what failed (the config key, the NATS URL); no stack for expected ones.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(redactCredentials(`${SERVICE} failed to start: ${message}\n`));
  process.exit(1);
});
