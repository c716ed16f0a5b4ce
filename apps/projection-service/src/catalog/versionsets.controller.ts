import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { isSemver, parseVersionSetNumber, rangeHolds } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import { liveVersionSets } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { CatalogRead } from '../../../../libs/http/src/auth/access.decorators.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { schemaUrl } from '../../../../libs/http/src/headers/urls.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { PG_POOL, RESPONSE_LIMIT_BYTES } from '../projection.tokens.js';
import { awaitConsistency } from '../query/consistency.js';
import { parseAsOf, reachAsOf, type AsOf } from '../query/point-in-time.js';
import { assertKnownParams, rawQuery, single } from '../query/query-params.js';
import { sendPage, sendResource, type PageLimit } from '../query/resource-reply.js';
import { PAGE_PARAMS, pageBody, pageRequest, type PageRequest } from './catalog-paging.query.js';
import { packageAsOf, versionSetBodyAsOf } from './package-as-of.query.js';
import { findPackage, packageRef } from './packages.query.js';
import { findVersionSet, listVersionSets, versionSetHolding } from './versionsets.query.js';

/** PackageVersionSet reads (SPEC §4.2); the ETag is the package's version. */
@Controller()
@CatalogRead()
export class VersionSetsQueryController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ConsistencyWaiter) private readonly waiter: ConsistencyWaiter,
    @Inject(RESPONSE_LIMIT_BYTES) private readonly responseLimit: number,
  ) {}

  /** By number; `version=<semver>` → the one VersionSet whose range holds it, or `data: []`. */
  @Get('packages/:package/versionsets')
  async list(@Param('package') ref: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, [...PAGE_PARAMS, 'version', 'as_of']);
    const version = single(query, 'version');
    if (version !== undefined && !isSemver(version)) {
      throw new BadRequestError('query.version', 'must be a SemVer version like 1.2.3', version);
    }
    const page = pageRequest(query, 'versionsets', ref, 100);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    if (asOf) return sendPage(reply, await this.listAsOf(ref, asOf, version, page), this.pageLimit());
    const pkg = await findPackage(this.pool, packageRef(ref));
    if (!pkg) throw new NotFoundError('Package', ref);
    if (version !== undefined) {
      const holding = await versionSetHolding(this.pool, pkg.id, version);
      return sendPage(reply, { data: holding ? [holding] : [] }, this.pageLimit());
    }
    const { items, last, more } = await listVersionSets(this.pool, pkg.id, page.after, page.size);
    sendPage(reply, pageBody(page, items, last, more), this.pageLimit());
  }

  /** The list as it was at `as_of` (SPEC §4.6), from the package folded to that point. */
  private async listAsOf(ref: string, asOf: AsOf, version: string | undefined, page: PageRequest): Promise<Record<string, unknown>> {
    await reachAsOf(this.waiter, asOf, 'as_of');
    const state = await packageAsOf(this.pool, packageRef(ref), asOf);
    if (!state) throw new NotFoundError('Package', ref);
    const sets = liveVersionSets(state);
    if (version !== undefined) {
      const holding = sets.find((set) => rangeHolds(set.version_constraint, version));
      return { data: holding ? [versionSetBodyAsOf(state, holding)] : [] };
    }
    const rest = sets.filter((set) => set.number > page.after);
    const items = rest.slice(0, page.size);
    return pageBody(page, items.map((set) => versionSetBodyAsOf(state, set)), items.at(-1)?.number, rest.length > page.size);
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
    const query = rawQuery(request);
    assertKnownParams(query, ['as_of']);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    if (asOf) return this.sendAsOf(ref, parseVersionSetNumber(number), id, asOf, request, reply);
    const found = await findVersionSet(this.pool, packageRef(ref), parseVersionSetNumber(number));
    if (!found) throw new NotFoundError('PackageVersionSet', id);
    sendResource(request, reply, found.packageVersion, { $schema: schemaUrl(request, 'PackageVersionSet'), ...found.body });
  }

  /** The VersionSet as it was at `as_of`; its ETag is its package's version then. */
  private async sendAsOf(ref: string, number: number | null, id: string, asOf: AsOf, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await reachAsOf(this.waiter, asOf, 'as_of');
    const state = number === null ? undefined : await packageAsOf(this.pool, packageRef(ref), asOf);
    const set = state && number !== null ? state.versionSets[number] : undefined;
    if (!state || !set) throw new NotFoundError('PackageVersionSet', id);
    sendResource(request, reply, state.version, { $schema: schemaUrl(request, 'PackageVersionSet'), ...versionSetBodyAsOf(state, set) });
  }

  /** Pages larger than RESPONSE_LIMIT_BYTES are refused (400) with a pointer to the size parameter. */
  private pageLimit(): PageLimit {
    return { bytes: this.responseLimit, param: 'query.page_size' };
  }
}
