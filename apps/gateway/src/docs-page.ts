import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const assetsDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css'],
  ['swagger-ui-bundle.js', 'application/javascript'],
  ['swagger-ui-standalone-preset.js', 'application/javascript'],
]);

export const DOCS_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Artifact Register API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

// The assets never change while the gateway runs: read each once, not on every request.
const loaded = new Map<string, Promise<Buffer>>();

/** A Swagger UI asset by file name, or null for anything else (no path traversal: a fixed list). */
export async function docsAsset(name: string): Promise<{ body: Buffer; type: string } | null> {
  const type = ASSETS.get(name);
  if (!type) return null;
  let body = loaded.get(name);
  if (!body) {
    body = readFile(join(assetsDir, name));
    // A failed read is not remembered, so the next request tries again.
    body.catch(() => loaded.delete(name));
    loaded.set(name, body);
  }
  return { body: await body, type };
}
