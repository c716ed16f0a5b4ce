import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { isLowerUuid } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { accountPackageSubject } from '../../../../libs/event-store/src/subjects.js';
import { AccountRead } from '../../../../libs/http/src/auth/access.decorators.js';
import { astraContentType, JSON_MEDIA_TYPE } from '../../../../libs/http/src/headers/media-type.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { PG_POOL, RESPONSE_LIMIT_BYTES } from '../projection.tokens.js';
import { pickFields } from '../query/astra-order-include.js';
import { listScope, parseListRequest, MAX_LIMIT } from '../query/astra-list-request.js';
import { awaitConsistency } from '../query/consistency.js';
import { readPackageHistory } from '../query/history.query.js';
import { decodePageToken, encodePageToken, afterNumber } from '../query/paging-token.js';
import { parseAsOf, reachAsOf } from '../query/point-in-time.js';
import { assertKnownParams, integerParam, rawQuery, single } from '../query/query-params.js';
import { sendPage, sendResource, type PageLimit } from '../query/resource-reply.js';
import { checkPosition, countAccountPackages, listAccountPackages } from './account-package-list.query.js';
import { accountPackageAsOf } from './account-package-as-of.query.js';
import { findAccountPackage } from './account-packages.query.js';

/** What NetApp's list example carries beside `items` and `metadata` (SPEC §5). */
const LIST_ENVELOPE = { type: 'application/astra-packages', version: '1.0' } as const;

/**
 * Account package reads (SPEC §5.2). The guard has checked token (401) → account in the token
 * (404 problem 2) → role viewer (403) before any parameter is looked at. A package answers
 * application/astra-package+json and a page application/json, the types NetApp's document
 * declares, unless `Accept` prefers the other.
 */
@Controller('accounts/:account_id/core/v1/packages')
@AccountRead()
export class AccountPackagesQueryController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ConsistencyWaiter) private readonly waiter: ConsistencyWaiter,
    @Inject(RESPONSE_LIMIT_BYTES) private readonly responseLimit: number,
  ) {}

  @Get()
  async list(@Param('account_id') accountId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const list = parseListRequest(rawQuery(request));
    const scope = listScope(accountId, list);
    const token = list.continueToken;
    const after = token === undefined ? undefined : checkPosition(decodePageToken(token, 'account-packages', scope, 'query.continue'), list.order, token);
    await awaitConsistency(this.waiter, request);
    const plan = { accountId, terms: list.terms, order: list.order, after, skip: list.skip, limit: list.limit };
    const [page, count] = await Promise.all([
      listAccountPackages(this.pool, plan),
      list.count ? countAccountPackages(this.pool, accountId, list.terms) : undefined,
    ]);
    const include = list.include;
    const metadata = {
      ...(page.more && page.last && { continue: encodePageToken('account-packages', scope, page.last, 'base64') }),
      ...(count !== undefined && { count }),
    };
    const items = include ? page.items.map((item) => pickFields(item, include)) : page.items;
    sendPage(reply, { ...LIST_ENVELOPE, items, metadata }, this.pageLimit(), astraContentType(request.headers, JSON_MEDIA_TYPE));
  }

  @Get(':package_id')
  async get(
    @Param('account_id') accountId: string,
    @Param('package_id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, ['asOf']);
    const asOf = parseAsOf(query, 'asOf');
    await awaitConsistency(this.waiter, request);
    if (asOf) await reachAsOf(this.waiter, asOf, 'asOf');
    const found = asOf ? await accountPackageAsOf(this.pool, accountId, id, asOf) : await findAccountPackage(this.pool, accountId, id);
    if (!found) throw new NotFoundError('Package', id);
    sendResource(request, reply, found.version, found.body, astraContentType(request.headers));
  }

  /** Every event of the package, oldest first; readable after a delete. `limit` and `continue` page it. */
  @Get(':package_id/history')
  async history(
    @Param('account_id') accountId: string,
    @Param('package_id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, ['limit', 'continue']);
    const limit = integerParam(query, 'limit', { min: 1, max: MAX_LIMIT, default: MAX_LIMIT });
    const scope = `${accountId}/${id}`;
    const after = afterNumber(single(query, 'continue'), 'account-package-history', scope, 'query.continue');
    await awaitConsistency(this.waiter, request);
    const subject = isLowerUuid(id) ? accountPackageSubject(accountId, id) : undefined;
    const history = await readPackageHistory(this.pool, subject, after, limit, id);
    const metadata = history.more && history.last !== undefined ? { continue: encodePageToken('account-package-history', scope, [history.last], 'base64') } : {};
    sendPage(reply, { items: history.events, metadata }, this.pageLimit(), astraContentType(request.headers, JSON_MEDIA_TYPE));
  }

  /** Pages larger than RESPONSE_LIMIT_BYTES are refused (400) with a pointer to the size parameter. */
  private pageLimit(): PageLimit {
    return { bytes: this.responseLimit, param: 'query.limit' };
  }
}
