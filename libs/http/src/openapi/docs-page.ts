import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The Swagger UI page each service serves at /docs, and the gateway for the merged document; free of
// Nest so the plain Node gateway can import it.

const assetsDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** A fixed list, so no request can name another file. */
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'application/javascript; charset=utf-8'],
]);

/** Root-relative URLs: the page, its assets and the document sit at the same paths on every server. */
export const DOCS_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Artifact Register API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

// The assets never change while the process runs: each is read once, not on every request.
const loaded = new Map<string, Promise<Buffer>>();

/** A Swagger UI asset by file name, or null for any name not in the list. */
export async function docsAsset(name: string): Promise<{ body: Buffer; type: string } | null> {
  const type = ASSETS.get(name);
  if (type === undefined) return null;
  let body = loaded.get(name);
  if (body === undefined) {
    body = readFile(join(assetsDir, name));
    // A failed read is not remembered, so the next request tries again.
    body.catch(() => loaded.delete(name));
    loaded.set(name, body);
  }
  return { body: await body, type };
}
