import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { componentId, parseComponentId } from '../../../../libs/domain/src/catalog/catalog-component.rules.js';
import { parseVersionSetNumber } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { CatalogRead } from '../../../../libs/http/src/auth/access.decorators.js';
import { schemaUrl } from '../../../../libs/http/src/headers/urls.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { PG_POOL, RESPONSE_LIMIT_BYTES } from '../projection.tokens.js';
import { awaitConsistency } from '../query/consistency.js';
import { parseAsOf, reachAsOf, type AsOf } from '../query/point-in-time.js';
import { assertKnownParams, rawQuery } from '../query/query-params.js';
import { sendPage, sendResource, type PageLimit } from '../query/resource-reply.js';
import { keyPageRequest, PAGE_PARAMS, pageBody } from './catalog-paging.query.js';
import { componentAsOf, componentsAsOf } from './catalog-parts-as-of.query.js';
import { findComponent, listComponents } from './components.query.js';
import { packageAsOf } from './package-as-of.query.js';
import { packageRef } from './packages.query.js';
import { findVersionSet } from './versionsets.query.js';

/** PackageComponent reads (SPEC §4.4); the ETag is the package's version. */
@Controller()
@CatalogRead()
export class ComponentsQueryController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ConsistencyWaiter) private readonly waiter: ConsistencyWaiter,
    @Inject(RESPONSE_LIMIT_BYTES) private readonly responseLimit: number,
  ) {}

  /** By name; a missing or deleted VersionSet (or package) is 404. */
  @Get('packages/:package/versionsets/:number/components')
  async list(
    @Param('package') ref: string,
    @Param('number') number: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, [...PAGE_PARAMS, 'as_of']);
    const page = keyPageRequest(query, 'components', `${ref}:${number}`, 100);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    if (asOf) {
      const state = await this.packageThen(ref, asOf);
      const all = state && componentsAsOf(state, parseVersionSetNumber(number) ?? -1);
      if (!all) throw new NotFoundError('PackageVersionSet', `${ref}:${number}`);
      const rest = all.filter((component) => page.after === undefined || Buffer.compare(Buffer.from(String(component['name'])), Buffer.from(page.after)) > 0);
      const items = rest.slice(0, page.size);
      return sendPage(reply, pageBody(page, items, items.at(-1)?.['name'] as string | undefined, rest.length > page.size), this.pageLimit());
    }
    const versionSet = await findVersionSet(this.pool, packageRef(ref), parseVersionSetNumber(number));
    if (!versionSet) throw new NotFoundError('PackageVersionSet', `${ref}:${number}`);
    const { package: packageId, number: setNumber } = versionSet.body as { package: string; number: number };
    const { items, last, more } = await listComponents(this.pool, packageId, setNumber, page.after, page.size);
    sendPage(reply, pageBody(page, items, last, more), this.pageLimit());
  }

  @Get('packages/:package/versionsets/:number/components/:component')
  async get(
    @Param('package') ref: string,
    @Param('number') number: string,
    @Param('component') name: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.send(ref, parseVersionSetNumber(number), name, `${ref}:${number}:${name}`, request, reply);
  }

  /** `<package id or alias>:<number>:<name>`, e.g. `cert-manager:1:controller`. */
  @Get('components/:id')
  async getByCompositeId(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const parsed = parseComponentId(id);
    await this.send(parsed?.packageRef ?? '', parsed?.number ?? null, parsed?.name ?? '', id, request, reply);
  }

  private async send(
    ref: string,
    number: number | null,
    name: string,
    id: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, ['as_of']);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    if (asOf) {
      const state = await this.packageThen(ref, asOf);
      const then = state && number !== null ? componentAsOf(state, number, name) : undefined;
      if (!state || !then) throw new NotFoundError('PackageComponent', number === null ? id : componentId(ref, number, name));
      return sendResource(request, reply, state.version, { $schema: schemaUrl(request, 'PackageComponent'), ...then });
    }
    const found = await findComponent(this.pool, packageRef(ref), number, name);
    if (!found) throw new NotFoundError('PackageComponent', number === null ? id : componentId(ref, number, name));
    sendResource(request, reply, found.packageVersion, { $schema: schemaUrl(request, 'PackageComponent'), ...found.body });
  }

  /** The package folded to `as_of` (SPEC §4.6), once the position is reached. */
  private async packageThen(ref: string, asOf: AsOf) {
    await reachAsOf(this.waiter, asOf, 'as_of');
    return packageAsOf(this.pool, packageRef(ref), asOf);
  }

  /** Pages larger than RESPONSE_LIMIT_BYTES are refused (400) with a pointer to the size parameter. */
  private pageLimit(): PageLimit {
    return { bytes: this.responseLimit, param: 'query.page_size' };
  }
}
