import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { RouteNotFoundError } from '../errors/http.errors.js';
import { DOCS_HTML, docsAsset } from './docs-page.js';
import type { OpenApiDocument } from './openapi.types.js';

export const OPENAPI_DOCUMENT = 'OPENAPI_DOCUMENT';

/** `/openapi.json` and `/docs` (Swagger UI from swagger-ui-dist): public (SPEC §3). */
@Controller()
@Public()
export class OpenApiController {
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
    const asset = await docsAsset(name);
    if (asset === null) throw new RouteNotFoundError(`/docs/${name}`);
    void reply.type(asset.type);
    return asset.body;
  }
}
