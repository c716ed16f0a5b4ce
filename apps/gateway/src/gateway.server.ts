// The gateway's HTTP server: its own routes, the hidden ones, and the proxy to both services.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { GatewayConfig } from './config.js';
import { isConsolePath, loadConsole, serveConsole } from './console-assets.js';
import { DOCS_HTML, docsAsset } from '../../../libs/http/src/openapi/docs-page.js';
import type { Logger } from '../../../libs/http/src/logging/logger.js';
import { mergeOpenApi } from './openapi-merge.js';
import { problem, requestLine, sendProblem, unavailable } from './problems.js';
import { fetchJson, forward } from './proxy.js';
import { logRequest } from './request-log.js';
import { canonicalTarget } from './request-target.js';
import { route } from './routing.js';

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const consoleAssets = loadConsole();

async function serveOwn(req: IncomingMessage, res: ServerResponse, config: GatewayConfig, path: string): Promise<void> {
  if (isConsolePath(path)) {
    if (serveConsole(req, res, consoleAssets, path)) return;
    return sendProblem(res, requestLine(req), problem('collection-not-found', 404, `no such console file: ${path} (npm run build builds the console)`));
  }
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
  const target = canonicalTarget(req.url ?? '/');
  const upstream = route(req.method ?? 'GET', req.url ?? '/');
  logRequest(req, res, logger, upstream);
  if (!target || upstream === 'invalid') return sendProblem(res, requestLine(req), problem('bad-request', 400, 'the request target is not a valid path'));
  // What was checked is what is sent: the canonical path, never the raw target.
  const forwarded = `${target.path}${target.search}`;
  if (upstream === 'command') return forward(req, res, config.commandUrl, forwarded);
  if (upstream === 'query') return forward(req, res, config.queryUrl, forwarded);
  if (upstream === 'hidden') return sendProblem(res, requestLine(req), problem('collection-not-found', 404, 'not served by the gateway'));
  serveOwn(req, res, config, target.path).catch(() => {
    if (!res.headersSent) sendProblem(res, requestLine(req), problem('internal', 500, 'the gateway failed'));
  });
}

/** The gateway's server, not yet listening. */
export function createGateway(config: GatewayConfig, logger: Logger): Server {
  const server = createServer((req, res) => handle(req, res, config, logger));
  server.keepAliveTimeout = 65_000;
  return server;
}
