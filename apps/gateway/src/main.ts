import { redactCredentials } from '../../../libs/http/src/config/redact.js';
import { loadConfig } from './config.js';
import { createGateway } from './gateway.server.js';

function main(): void {
  const config = loadConfig(process.env);
  const server = createGateway(config);
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.listen(config.port, config.host, () => {
    process.stdout.write(
      `${JSON.stringify({ level: 'info', msg: 'gateway listening', port: config.port, command: config.commandUrl.origin, query: config.queryUrl.origin })}\n`,
    );
  });
}

try {
  main();
} catch (error) {
  process.stderr.write(redactCredentials(`gateway: ${(error as Error).message}\n`));
  process.exit(1);
}
