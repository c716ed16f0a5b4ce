import { redactCredentials } from '../../../libs/http/src/config/redact.js';
import { createLogger } from '../../../libs/http/src/logging/logger.js';
import { loadConfig } from './config.js';
import { createGateway } from './gateway.server.js';

function main(): void {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: 'gateway' });
  const server = createGateway(config, logger);
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.listen(config.port, config.host, () => {
    logger.info({ port: config.port, command: config.commandUrl.origin, query: config.queryUrl.origin }, 'gateway listening');
  });
}

try {
  main();
} catch (error) {
  process.stderr.write(redactCredentials(`gateway: ${(error as Error).message}\n`));
  process.exit(1);
}
