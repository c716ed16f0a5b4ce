import { Controller, Get, Header, Param } from '@nestjs/common';
import { Public } from '../auth/access.decorators.js';
import { RouteNotFoundError } from '../errors/http.errors.js';
import { loadSchemas } from './schema-files.js';

/** Serves `schemas/http/<Name>.json` at `/schemas/<Name>.json`: the targets of response `$schema` URLs. */
@Controller('schemas')
@Public()
export class SchemasController {
  private readonly schemas = loadSchemas();

  @Get(':file')
  @Header('Content-Type', 'application/schema+json')
  @Header('Cache-Control', 'public, max-age=3600')
  schema(@Param('file') file: string): unknown {
    const schema = this.schemas.get(file);
    if (schema === undefined) throw new RouteNotFoundError(`/schemas/${file}`);
    return schema;
  }
}
