// The web console's static files (SPEC §11), built by Vite into dist/console/. Only files found
// there are served (a fixed list read once, so no request path reaches the file system), gzipped
// when the client accepts it. index.html is revalidated; the hashed assets are immutable.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CONSOLE_PREFIX = '/console';
/** dist/apps/gateway/src/ → dist/console/ */
const DEFAULT_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

export const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json',
};
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Cache-Control: the hashed files under /console/assets/ never change; the rest is revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

type Asset = { type: string; body: Buffer; gzip: Buffer; immutable: boolean };

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The built console by URL path (`/console/assets/index-….js`), or an empty map when not built. */
export function loadConsole(dir = DEFAULT_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  let files: string[];
  try {
    files = listFiles(dir);
  } catch {
    return assets;
  }
  for (const file of files) {
    const urlPath = `${CONSOLE_PREFIX}/${relative(dir, file).split(sep).join('/')}`;
    const body = readFileSync(file);
    const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
    assets.set(urlPath, { type, body, gzip: gzipSync(body, { level: 9 }), immutable: urlPath.startsWith(`${CONSOLE_PREFIX}/assets/`) });
  }
  const index = assets.get(`${CONSOLE_PREFIX}/index.html`);
  if (index) assets.set(`${CONSOLE_PREFIX}/`, index);
  return assets;
}

export const isConsolePath = (path: string): boolean => path === CONSOLE_PREFIX || path.startsWith(`${CONSOLE_PREFIX}/`);

/** Answers a request under /console; false when there is no such file (the caller answers 404). */
export function serveConsole(req: IncomingMessage, res: ServerResponse, assets: Map<string, Asset>, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return true;
  }
  if (path === CONSOLE_PREFIX) {
    res.writeHead(301, { location: `${CONSOLE_PREFIX}/` });
    res.end();
    return true;
  }
  const asset = assets.get(path);
  if (!asset) return false;
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? asset.gzip : asset.body;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    'content-length': body.length,
    'cache-control': asset.immutable ? IMMUTABLE : REVALIDATE,
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
