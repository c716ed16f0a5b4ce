import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { parseVersionSetNumber, versionConstraintIssues } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import { isReleaseVersion, parseReleaseRef } from '../../../../libs/domain/src/catalog/catalog-release.rules.js';
import type { LiveCatalogPackage } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { CatalogRead } from '../../../../libs/http/src/auth/access.decorators.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { schemaUrl } from '../../../../libs/http/src/headers/urls.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { PG_POOL, RESPONSE_LIMIT_BYTES } from '../projection.tokens.js';
import { awaitConsistency } from '../query/consistency.js';
import { parseAsOf, reachAsOf, type AsOf } from '../query/point-in-time.js';
import { assertKnownParams, booleanParam, rawQuery, single, type RawQuery } from '../query/query-params.js';
import { sendPage, sendResource, type PageLimit } from '../query/resource-reply.js';
import { keyPageRequest, PAGE_PARAMS, pageBody } from './catalog-paging.query.js';
import { releaseAsOf, releasesAsOf } from './catalog-parts-as-of.query.js';
import { packageAsOf } from './package-as-of.query.js';
import { findPackage, packageRef, type FoundPackage } from './packages.query.js';
import { findRelease, latestRelease, listReleases, type ReleaseBody, type ReleaseFilter } from './releases.query.js';
import { findVersionSet } from './versionsets.query.js';

/** A package as a point-in-time read sees it: its id, its version then, and its folded state. */
type PackageThen = { id: string; version: number; state?: LiveCatalogPackage };

const LIST_PARAMS = [...PAGE_PARAMS, 'version_constraint', 'versionset', 'prerelease', 'as_of'];

/** PackageRelease reads (SPEC §4.5); the ETag is the package's version. */
@Controller()
@CatalogRead()
export class ReleasesQueryController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ConsistencyWaiter) private readonly waiter: ConsistencyWaiter,
    @Inject(RESPONSE_LIMIT_BYTES) private readonly responseLimit: number,
  ) {}

  /** Highest version first (SemVer precedence); prereleases only with `prerelease=true`. */
  @Get('packages/:package/releases')
  async list(@Param('package') ref: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, LIST_PARAMS);
    const versionSet = single(query, 'versionset');
    const number = versionSet === undefined ? undefined : parseVersionSetNumber(versionSet);
    if (number === null) throw new BadRequestError('query.versionset', 'must be a VersionSet number (an integer)', versionSet);
    await this.sendList(ref, query, number, request, reply);
  }

  /** `/releases?versionset={number}` of a VersionSet that must exist (404 otherwise). */
  @Get('packages/:package/versionsets/:number/releases')
  async listOfVersionSet(
    @Param('package') ref: string,
    @Param('number') number: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, [...PAGE_PARAMS, 'version_constraint', 'prerelease', 'as_of']);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    const wanted = parseVersionSetNumber(number);
    const state = asOf && (await this.packageThen(ref, asOf));
    const exists = asOf ? wanted !== null && state?.versionSets[wanted] !== undefined : (await findVersionSet(this.pool, packageRef(ref), wanted)) !== undefined;
    if (!exists || wanted === null) throw new NotFoundError('PackageVersionSet', `${ref}:${number}`);
    await this.sendList(ref, query, wanted, request, reply);
  }

  @Get('packages/:package/releases/latest')
  async latest(@Param('package') ref: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, ['as_of']);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    const pkg: PackageThen = asOf ? await this.requirePackageThen(ref, asOf) : await this.requirePackage(ref);
    const release = pkg.state ? releaseAsOf(pkg.state, 'latest') : await latestRelease(this.pool, pkg.id);
    if (!release) throw new NotFoundError('PackageRelease', `${ref}@latest`);
    this.sendRelease(request, reply, pkg, release);
  }

  /** `{release}` is `<package id or alias>@<version>` or the bare version; another package's is 404. */
  @Get('packages/:package/releases/:release')
  async get(@Param('package') ref: string, @Param('release') release: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.send(ref, release, request, reply);
  }

  /** `<package id or alias>@<version>`, e.g. `helm-kube-prometheus-stack@65.4.0`. */
  @Get('releases/:id')
  async getByCompositeId(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const parsed = parseReleaseRef(id);
    if (parsed?.packageRef == null) {
      assertKnownParams(rawQuery(request), []);
      throw new NotFoundError('PackageRelease', id);
    }
    await this.send(parsed.packageRef, id, request, reply);
  }

  private async sendList(ref: string, query: RawQuery, versionSet: number | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const constraint = single(query, 'version_constraint');
    const issues = constraint === undefined ? [] : versionConstraintIssues(constraint, 'query.version_constraint');
    if (issues[0]) throw new BadRequestError('query.version_constraint', issues[0].message, constraint);
    const filter: ReleaseFilter = { prerelease: booleanParam(query, 'prerelease'), ...(constraint === undefined ? {} : { constraint }), ...(versionSet === undefined ? {} : { versionSet }) };
    const page = keyPageRequest(query, 'releases', JSON.stringify([ref, filter]), 100);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    const pkg: PackageThen = asOf ? await this.requirePackageThen(ref, asOf) : await this.requirePackage(ref);
    const { items, last, more } = pkg.state ? releasesAsOf(pkg.state, filter, page.after, page.size) : await listReleases(this.pool, pkg.id, filter, page.after, page.size);
    sendPage(reply, pageBody(page, items, last, more), this.pageLimit());
  }

  private async send(ref: string, releaseRef: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, ['as_of']);
    const asOf = parseAsOf(query, 'as_of');
    await awaitConsistency(this.waiter, request);
    const pkg: PackageThen = asOf ? await this.requirePackageThen(ref, asOf) : await this.requirePackage(ref);
    const parsed = parseReleaseRef(releaseRef);
    // The package part must name this package: by its id (also once deleted, for a read then), or an alias it holds.
    const namesIt = parsed?.packageRef == null || parsed.packageRef === pkg.id || (await findPackage(this.pool, packageRef(parsed.packageRef)))?.id === pkg.id;
    const known = parsed && namesIt && isReleaseVersion(parsed.version);
    const found = !known ? undefined : pkg.state ? releaseAsOf(pkg.state, parsed.version) : await findRelease(this.pool, pkg.id, parsed.version);
    if (!found) throw new NotFoundError('PackageRelease', parsed?.packageRef == null ? `${ref}@${releaseRef}` : releaseRef);
    this.sendRelease(request, reply, pkg, found);
  }

  /**
   * The package folded to `as_of` (SPEC §4.6), with its version then for the ETag. An alias names the
   * package that holds it now, as for every point-in-time read.
   */
  private async requirePackageThen(ref: string, asOf: AsOf): Promise<PackageThen> {
    await reachAsOf(this.waiter, asOf, 'as_of');
    const state = await packageAsOf(this.pool, packageRef(ref), asOf);
    if (!state) throw new NotFoundError('Package', ref);
    return { id: state.id, version: state.version, state };
  }

  private async packageThen(ref: string, asOf: AsOf): Promise<LiveCatalogPackage | undefined> {
    await reachAsOf(this.waiter, asOf, 'as_of');
    return packageAsOf(this.pool, packageRef(ref), asOf);
  }

  private async requirePackage(ref: string): Promise<FoundPackage> {
    const pkg = await findPackage(this.pool, packageRef(ref));
    if (!pkg) throw new NotFoundError('Package', ref);
    return pkg;
  }

  private sendRelease(request: FastifyRequest, reply: FastifyReply, pkg: { version: number }, release: ReleaseBody): void {
    sendResource(request, reply, pkg.version, { $schema: schemaUrl(request, 'PackageRelease'), ...release });
  }

  /** Pages larger than RESPONSE_LIMIT_BYTES are refused (400) with a pointer to the size parameter. */
  private pageLimit(): PageLimit {
    return { bytes: this.responseLimit, param: 'query.page_size' };
  }
}
