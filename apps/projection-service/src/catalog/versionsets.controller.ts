import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { isSemver, parseVersionSetNumber } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { CatalogRead } from '../../../../libs/http/src/auth/access.decorators.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { schemaUrl } from '../../../../libs/http/src/headers/urls.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { PG_POOL } from '../projection.tokens.js';
import { awaitConsistency } from '../query/consistency.js';
import { assertKnownParams, rawQuery, single } from '../query/query-params.js';
import { sendPage, sendResource } from '../query/resource-reply.js';
import { PAGE_PARAMS, pageBody, pageRequest } from './catalog-paging.query.js';
import { findPackage, packageRef } from './packages.query.js';
import { findVersionSet, listVersionSets, versionSetHolding } from './versionsets.query.js';

/** PackageVersionSet reads (SPEC §4.2); the ETag is the package's version. */
@Controller()
@CatalogRead()
export class VersionSetsQueryController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ConsistencyWaiter) private readonly waiter: ConsistencyWaiter,
  ) {}

  /** By number; `version=<semver>` → the one VersionSet whose range holds it, or `data: []`. */
  @Get('packages/:package/versionsets')
  async list(@Param('package') ref: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, [...PAGE_PARAMS, 'version']);
    const version = single(query, 'version');
    if (version !== undefined && !isSemver(version)) {
      throw new BadRequestError('query.version', 'must be a SemVer version like 1.2.3', version);
    }
    const page = pageRequest(query, 'versionsets', ref, 100);
    await awaitConsistency(this.waiter, request);
    const pkg = await findPackage(this.pool, packageRef(ref));
    if (!pkg) throw new NotFoundError('Package', ref);
    if (version !== undefined) {
      const holding = await versionSetHolding(this.pool, pkg.id, version);
      return sendPage(reply, { data: holding ? [holding] : [] });
    }
    const { items, last, more } = await listVersionSets(this.pool, pkg.id, page.after, page.size);
    sendPage(reply, pageBody(page, items, last, more));
  }

  @Get('packages/:package/versionsets/:number')
  async get(
    @Param('package') ref: string,
    @Param('number') number: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.send(ref, number, `${ref}:${number}`, request, reply);
  }

  /** `<package id or alias>:<number>`, e.g. `argo-workflows:1`. */
  @Get('versionsets/:id')
  async getByCompositeId(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const colon = id.lastIndexOf(':');
    await this.send(colon < 0 ? id : id.slice(0, colon), colon < 0 ? '' : id.slice(colon + 1), id, request, reply);
  }

  private async send(ref: string, number: string, id: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    assertKnownParams(rawQuery(request), []);
    await awaitConsistency(this.waiter, request);
    const found = await findVersionSet(this.pool, packageRef(ref), parseVersionSetNumber(number));
    if (!found) throw new NotFoundError('PackageVersionSet', id);
    sendResource(request, reply, found.packageVersion, { $schema: schemaUrl(request, 'PackageVersionSet'), ...found.body });
  }
}
