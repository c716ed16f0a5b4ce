import { Controller, Get, Inject, Injectable, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { AccountRead, RequireRole } from '../../../../libs/http/src/auth/access.decorators.js';
import { JSON_MEDIA_TYPE } from '../../../../libs/http/src/headers/media-type.js';
import type { DeliveriesLog as FullLog } from '../../../../libs/webhooks/src/deliveries-log.js';
import { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { PG_POOL, RESPONSE_LIMIT_BYTES } from '../projection.tokens.js';
import { PAGE_PARAMS, pageBody, pageRequest } from '../catalog/catalog-paging.query.js';
import { awaitConsistency } from '../query/consistency.js';
import { encodePageToken, afterNumber } from '../query/paging-token.js';
import { assertKnownParams, integerParam, rawQuery, single } from '../query/query-params.js';
import { sendPage, sendResource, type PageLimit } from '../query/resource-reply.js';
import { findWebhook, listWebhooks, type WebhookReadScope } from './webhooks.query.js';

export const DELIVERIES_LOG = 'DELIVERIES_LOG';
type DeliveriesLog = Pick<FullLog, 'latest'>;

/** The deliveries log keeps the latest 100 attempts: its page has no size parameter and no other bound. */
const DELIVERIES_PAGE: PageLimit = { bytes: Number.MAX_SAFE_INTEGER, param: 'path.id' };

/** What both families' webhook reads share: one registration, its deliveries, and the page limit. */
@Injectable()
export class WebhookReads {
  constructor(
    @Inject(PG_POOL) readonly pool: pg.Pool,
    @Inject(ConsistencyWaiter) readonly waiter: ConsistencyWaiter,
    @Inject(DELIVERIES_LOG) private readonly log: DeliveriesLog,
    @Inject(RESPONSE_LIMIT_BYTES) private readonly responseLimit: number,
  ) {}

  async one(request: FastifyRequest, scope: WebhookReadScope, id: string) {
    assertKnownParams(rawQuery(request), []);
    await awaitConsistency(this.waiter, request);
    const found = await findWebhook(this.pool, scope, id);
    if (!found) throw new NotFoundError('Webhook', id);
    return found;
  }

  /** The latest attempts, newest first; only for a webhook the caller may see. */
  async sendDeliveries(request: FastifyRequest, reply: FastifyReply, scope: WebhookReadScope, id: string): Promise<void> {
    await this.one(request, scope, id);
    sendPage(reply, { data: await this.log.latest(id) }, DELIVERIES_PAGE);
  }

  /** Pages larger than RESPONSE_LIMIT_BYTES are refused (400) with a pointer to the size parameter. */
  pageLimit(param: string): PageLimit {
    return { bytes: this.responseLimit, param };
  }
}

/** Catalog webhooks (SPEC §10): `admin` reads them too, since they show where events go. */
@Controller('webhooks')
@RequireRole('admin')
export class CatalogWebhooksQueryController {
  constructor(@Inject(WebhookReads) private readonly reads: WebhookReads) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, PAGE_PARAMS);
    const page = pageRequest(query, 'webhooks', 'catalog', 100);
    await awaitConsistency(this.reads.waiter, request);
    const { items, last, more } = await listWebhooks(this.reads.pool, { family: 'catalog' }, page.after, page.size);
    sendPage(reply, pageBody(page, items, last, more), this.reads.pageLimit('query.page_size'));
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.reads.one(request, { family: 'catalog' }, id);
    sendResource(request, reply, found.version, found.body);
  }

  @Get(':id/deliveries')
  async deliveries(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.reads.sendDeliveries(request, reply, { family: 'catalog' }, id);
  }
}

/** Account webhooks: `viewer` of the account reads them; a foreign account is a missing collection (problem 2). */
@Controller('accounts/:account_id/core/v1/webhooks')
@AccountRead()
export class AccountWebhooksQueryController {
  constructor(@Inject(WebhookReads) private readonly reads: WebhookReads) {}

  @Get()
  async list(@Param('account_id') accountId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = rawQuery(request);
    assertKnownParams(query, ['limit', 'continue']);
    const limit = integerParam(query, 'limit', { min: 1, max: 1000, default: 1000 });
    const after = afterNumber(single(query, 'continue'), 'account-webhooks', accountId, 'query.continue');
    await awaitConsistency(this.reads.waiter, request);
    const page = await listWebhooks(this.reads.pool, { family: 'accounts', accountId }, after, limit);
    const metadata = page.more && page.last !== undefined ? { continue: encodePageToken('account-webhooks', accountId, [page.last], 'base64') } : {};
    sendPage(reply, { items: page.items, metadata }, this.reads.pageLimit('query.limit'), JSON_MEDIA_TYPE);
  }

  @Get(':id')
  async get(@Param('account_id') accountId: string, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.reads.one(request, { family: 'accounts', accountId }, id);
    sendResource(request, reply, found.version, found.body);
  }

  @Get(':id/deliveries')
  async deliveries(@Param('account_id') accountId: string, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.reads.sendDeliveries(request, reply, { family: 'accounts', accountId }, id);
  }
}
