import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { RouteNotFoundError } from '../errors/http.errors.js';
import type { OpenApiDocument } from './openapi.types.js';

export const OPENAPI_DOCUMENT = 'OPENAPI_DOCUMENT';

const assetsDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** A fixed list, so no request can name another file. */
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'application/javascript; charset=utf-8'],
]);

/** Relative URLs, so the page works behind any prefix or proxy that keeps the paths. */
const DOCS_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Artifact Register API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

/** `/openapi.json` and `/docs` (Swagger UI from swagger-ui-dist): public (SPEC §3). */
@Controller()
@Public()
export class OpenApiController {
  private readonly assets = new Map<string, Promise<Buffer>>();

  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: OpenApiDocument) {}

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  openapi(): OpenApiDocument {
    return this.document;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  docs(): string {
    return DOCS_HTML;
  }

  @Get('docs/:asset')
  @Header('Cache-Control', 'public, max-age=86400')
  async asset(@Param('asset') name: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const type = ASSETS.get(name);
    if (type === undefined) throw new RouteNotFoundError(`/docs/${name}`);
    if (!this.assets.has(name)) this.assets.set(name, readFile(join(assetsDir, name)));
    void reply.type(type);
    return (await this.assets.get(name)) as Buffer;
  }
}
