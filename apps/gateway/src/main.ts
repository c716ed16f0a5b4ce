import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { loadConfig, type GatewayConfig } from './config.js';
import { DOCS_HTML, docsAsset } from '../../../libs/http/src/openapi/docs-page.js';
import { createLogger, type Logger } from '../../../libs/http/src/logging/logger.js';
import { mergeOpenApi } from './openapi-merge.js';
import { problem, requestLine, sendProblem, unavailable } from './problems.js';
import { fetchJson, forward } from './proxy.js';
import { logRequest } from './request-log.js';
import { route } from './routing.js';

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function serveOwn(req: IncomingMessage, res: ServerResponse, config: GatewayConfig): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/health/live') return json(res, 200, { status: 'ok' });
  if (path === '/health/ready') {
    const [command, query] = await Promise.all([
      fetchJson(new URL('/health/ready', config.commandUrl)),
      fetchJson(new URL('/health/ready', config.queryUrl)),
    ]);
    return json(res, command && query ? 200 : 503, { status: command && query ? 'ok' : 'unavailable', command: !!command, query: !!query });
  }
  if (path === '/openapi.json') {
    const [command, query] = await Promise.all([
      fetchJson(new URL('/openapi.json', config.commandUrl)),
      fetchJson(new URL('/openapi.json', config.queryUrl)),
    ]);
    if (!command || !query) return unavailable(res, requestLine(req), 'a service behind the gateway did not answer');
    return json(res, 200, mergeOpenApi(command, query));
  }
  if (path === '/docs' || path === '/docs/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return void res.end(DOCS_HTML);
  }
  const asset = await docsAsset(path.slice('/docs/'.length));
  if (!asset) return sendProblem(res, requestLine(req), problem('collection-not-found', 404, `no such page: ${path}`));
  res.writeHead(200, { 'content-type': asset.type });
  res.end(asset.body);
}

function handle(req: IncomingMessage, res: ServerResponse, config: GatewayConfig, logger: Logger): void {
  const target = route(req.method ?? 'GET', req.url ?? '/');
  logRequest(req, res, logger, target);
  if (target === 'command') return forward(req, res, config.commandUrl);
  if (target === 'query') return forward(req, res, config.queryUrl);
  if (target === 'hidden') return sendProblem(res, requestLine(req), problem('collection-not-found', 404, 'not served by the gateway'));
  serveOwn(req, res, config).catch(() => {
    if (!res.headersSent) sendProblem(res, requestLine(req), problem('internal', 500, 'the gateway failed'));
  });
}

function main(): void {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: 'gateway' });
  const server = createServer((req, res) => handle(req, res, config, logger));
  server.keepAliveTimeout = 65_000;
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
  process.stderr.write(`gateway: ${(error as Error).message}\n`);
  process.exit(1);
}
