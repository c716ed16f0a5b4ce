import { Body, Controller, Delete, Get, Headers, HttpCode, Module, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, NotFoundError, ValidationError } from '../../../domain/src/errors.js';
import { AccountRead, AccountWrite, CatalogRead, CatalogWrite, CurrentPrincipal, Public } from '../auth/access.decorators.js';
import type { Principal } from '../auth/principal.js';
import { currentCorrelationId } from '../correlation/correlation.js';
import { ServiceUnavailableError } from '../errors/http.errors.js';
import { SchemaValidationError } from '../errors/schema-validation.error.js';
import { assertIfMatch, formatETag, ifNoneMatchHits, parseIfMatch } from '../headers/etag.js';
import { astraContentType, JSON_MEDIA_TYPE } from '../headers/media-type.js';
import { absoluteUrl, schemaUrl } from '../headers/urls.js';

/** Catalog-shaped routes that exercise the edge: every error kind, ETags, `$schema`, `Location`. */
@Controller('packages')
class CatalogTestController {
  @Get(':id')
  @CatalogRead()
  get(@Param('id') id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): unknown {
    if (id === 'missing') throw new NotFoundError('Package', id);
    if (id === 'boom') throw new Error('secret internals');
    if (id === 'busy') throw new ServiceUnavailableError(3);
    void reply.header('ETag', formatETag(7));
    if (ifNoneMatchHits(req.headers['if-none-match'], 7)) return void reply.status(304);
    return { $schema: schemaUrl(req, 'Package'), id, correlationId: currentCorrelationId() };
  }

  @Post()
  @CatalogWrite()
  async create(@Body() body: Record<string, unknown> | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() who: Principal): Promise<unknown> {
    if (body === undefined || typeof body['title'] !== 'string') {
      throw new SchemaValidationError([{ path: 'title', message: 'is required' }]);
    }
    if (body['title'] === '') throw new ValidationError([{ path: 'title', message: 'must not be empty', value: '' }]);
    if (body['title'] === 'taken') throw new ConflictError('alias taken', [{ path: 'aliases[0]', message: 'is taken', value: 'x' }]);
    await Promise.resolve();
    void reply.status(201).header('Location', absoluteUrl(req, '/packages/pkg_1/'));
    return { ...body, created_by: who.sub, correlationId: currentCorrelationId() };
  }

  @Put(':id')
  @CatalogWrite()
  replace(@Param('id') _id: string, @Headers('if-match') ifMatch: string | undefined): unknown {
    assertIfMatch(parseIfMatch(ifMatch), 7);
    return { ok: true };
  }
}

const ACCOUNTS = 'accounts/:account_id/core/v1/packages';

@Controller(ACCOUNTS)
class AccountsTestController {
  @Get()
  @AccountRead()
  list(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): unknown {
    void reply.type(astraContentType(req.headers, JSON_MEDIA_TYPE));
    return { items: [], metadata: {} };
  }

  @Post()
  @AccountWrite()
  create(@Body() body: unknown): unknown {
    return body;
  }

  @Get(':package_id')
  @AccountRead()
  get(@Param('package_id') id: string): unknown {
    throw new NotFoundError('Package', id);
  }

  @Delete(':package_id')
  @AccountWrite()
  @HttpCode(204)
  remove(@Param('package_id') id: string): void {
    throw new NotFoundError('Package', id);
  }
}

@Controller('open')
class PublicTestController {
  @Get()
  @Public()
  open(): unknown {
    return { open: true };
  }
}

@Module({ controllers: [CatalogTestController, AccountsTestController, PublicTestController] })
export class EdgeTestModule {}
