import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import { CatalogRead } from '../../../../libs/http/src/auth/access.decorators.js';
import { schemaUrl } from '../../../../libs/http/src/headers/urls.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { PG_POOL, RESPONSE_LIMIT_BYTES } from '../projection.tokens.js';
import { catalogFilterScope, parseCatalogFilter, type CatalogFilter } from '../query/catalog-filter.js';
import { awaitConsistency } from '../query/consistency.js';
import { readPackageHistory } from '../query/history.query.js';
import { parseAsOf, reachAsOf, type AsOf } from '../query/point-in-time.js';
import { assertKnownParams, integerParam, rawQuery, repeated, single, type RawQuery } from '../query/query-params.js';
import { sendPage, sendResource, type PageLimit } from '../query/resource-reply.js';
import { PAGE_PARAMS, pageBody, pageRequest } from './catalog-paging.query.js';
import { packageAsOf, packageBodyAsOf } from './package-as-of.query.js';
import { parseSearch, searchAfter, searchPackages, type PackageSearch } from './package-search.query.js';
import { findPackage, listPackages, packageRef } from './packages.query.js';

/** Catalog reads (SPEC §4.2): any valid token. */
@Controller('packages')
@CatalogRead()
export class PackagesQueryController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ConsistencyWaiter) private readonly waiter: ConsistencyWaiter,
    @Inject(RESPONSE_LIMIT_BYTES) private readonly responseLimit: number,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, [...PAGE_PARAMS, 'filter', 'q']);
    const filter = parseCatalogFilter(repeated(query, 'filter'));
    const q = single(query, 'q');
    if (q !== undefined) return this.search(parseSearch(q), filter, query, request, reply);
    const page = pageRequest(query, 'packages', catalogFilterScope(filter), 1000);
    await awaitConsistency(this.waiter, request);
    const { items, last, more } = await listPackages(this.pool, filter, page.after, page.size);
    sendPage(reply, pageBody(page, items, last, more), this.pageLimit());
  }

  /** `q=` (SPEC §4.6): an exact alias match first, then by relevance; paged like the list. */
  private async search(search: PackageSearch, filter: CatalogFilter, query: RawQuery, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const size = integerParam(query, 'page_size', { min: 1, max: 1000, default: 100 });
    const scope = JSON.stringify([search.text, catalogFilterScope(filter)]);
    const after = searchAfter(single(query, 'continuation_token'), scope);
    await awaitConsistency(this.waiter, request);
    const page = await searchPackages(this.pool, search, filter, { after, size, scope });
    sendPage(reply, page.continuationToken === undefined ? { data: page.items } : { data: page.items, continuation_token: page.continuationToken }, this.pageLimit());
  }

  @Get(':package')
  async get(@Param('package') ref: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, ['as_of']);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    if (asOf) return this.getAsOf(ref, asOf, request, reply);
    const found = await findPackage(this.pool, packageRef(ref));
    if (!found) throw new NotFoundError('Package', ref);
    sendResource(request, reply, found.version, { $schema: schemaUrl(request, 'Package'), ...found.body });
  }

  /** The package as it was at `as_of` (SPEC §4.6); its ETag is the version it had then. */
  private async getAsOf(ref: string, asOf: AsOf, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await reachAsOf(this.waiter, asOf, 'as_of');
    const state = await packageAsOf(this.pool, packageRef(ref), asOf);
    if (!state) throw new NotFoundError('Package', ref);
    sendResource(request, reply, state.version, { $schema: schemaUrl(request, 'Package'), ...packageBodyAsOf(state) });
  }

  /**
   * Oldest first; stays readable after a delete by the package's id. An alias resolves only while
   * its package lives (a delete frees it for another package), so a deleted package's alias is 404.
   */
  @Get(':package/history')
  async history(@Param('package') ref: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, PAGE_PARAMS);
    const page = pageRequest(query, 'package-history', ref, 1000);
    await awaitConsistency(this.waiter, request);
    const id = await this.historyPackageId(ref);
    const subject = id === undefined ? undefined : catalogSubject(id);
    const { events, last, more } = await readPackageHistory(this.pool, subject, page.after, page.size, ref);
    sendPage(reply, pageBody(page, events, last, more), this.pageLimit());
  }

  private async historyPackageId(ref: string): Promise<string | undefined> {
    const parsed = packageRef(ref);
    return parsed?.by === 'alias' ? (await findPackage(this.pool, parsed))?.id : parsed?.value;
  }

  /** Pages larger than RESPONSE_LIMIT_BYTES are refused (400) with a pointer to the size parameter. */
  private pageLimit(): PageLimit {
    return { bytes: this.responseLimit, param: 'query.page_size' };
  }
}
