import { Controller, Delete, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookScope } from '../../../../libs/domain/src/webhooks/webhook.commands.js';
import { AccountWrite, CatalogWrite, CurrentPrincipal } from '../../../../libs/http/src/auth/access.decorators.js';
import type { Principal } from '../../../../libs/http/src/auth/principal.js';
import type { Headers } from '../../../../libs/http/src/headers/header-names.js';
import { astraContentType } from '../../../../libs/http/src/headers/media-type.js';
import { writeRequest, type WriteRequest } from '../write/write-request.js';
import { sendResponse, type StoredResponse } from '../write/write-response.js';
import type { WebhookCommands } from './webhook-commands.js';

export const CATALOG_WEBHOOKS = 'CATALOG_WEBHOOKS';
export const ACCOUNT_WEBHOOKS = 'ACCOUNT_WEBHOOKS';

type Write = (commands: WebhookCommands, request: WriteRequest, scope: WebhookScope, id: string) => Promise<StoredResponse>;
const update: Write = (c, r, s, id) => c.update(r, s, id);
const remove: Write = (c, r, s, id) => c.remove(r, s, id);
const ping: Write = (c, r, s, id) => c.ping(r, s, id);
const rotate: Write = (c, r, s, id) => c.rotate(r, s, id);
const replay: Write = (c, r, s, id) => c.replay(r, s, id);

/** Catalog webhooks (SPEC §10): `admin` manages them; they receive `catalog.*` events. */
@Controller('webhooks')
@CatalogWrite()
export class CatalogWebhooksController {
  constructor(@Inject(CATALOG_WEBHOOKS) private readonly commands: WebhookCommands) {}

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<void> {
    sendResponse(reply, await this.commands.create(writeRequest(request, principal), { family: 'catalog' }));
  }

  @Put(':id') putOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('id') id: string) { return this.run(update, q, r, p, id); }
  @Delete(':id') deleteOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('id') id: string) { return this.run(remove, q, r, p, id); }
  @Post(':id/ping') pingOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('id') id: string) { return this.run(ping, q, r, p, id); }
  @Post(':id/rotate-secret') rotateOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('id') id: string) { return this.run(rotate, q, r, p, id); }
  @Post(':id/replay') replayOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('id') id: string) { return this.run(replay, q, r, p, id); }

  private async run(write: Write, request: FastifyRequest, reply: FastifyReply, principal: Principal, id: string): Promise<void> {
    sendResponse(reply, await write(this.commands, writeRequest(request, principal), { family: 'catalog' }, id));
  }
}

/**
 * Account webhooks: a `member` of the account manages them; they receive that account's
 * `accounts.*` events only. The guard answers a foreign account as a missing collection (problem 2).
 */
@Controller('accounts/:account_id/core/v1/webhooks')
@AccountWrite()
export class AccountWebhooksController {
  constructor(@Inject(ACCOUNT_WEBHOOKS) private readonly commands: WebhookCommands) {}

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('account_id') accountId: string): Promise<void> {
    send(request, reply, await this.commands.create(writeRequest(request, principal), { family: 'accounts', account_id: accountId }));
  }

  @Put(':id') putOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('account_id') a: string, @Param('id') id: string) { return this.run(update, q, r, p, a, id); }
  @Delete(':id') deleteOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('account_id') a: string, @Param('id') id: string) { return this.run(remove, q, r, p, a, id); }
  @Post(':id/ping') pingOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('account_id') a: string, @Param('id') id: string) { return this.run(ping, q, r, p, a, id); }
  @Post(':id/rotate-secret') rotateOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('account_id') a: string, @Param('id') id: string) { return this.run(rotate, q, r, p, a, id); }
  @Post(':id/replay') replayOne(@Req() q: FastifyRequest, @Res() r: FastifyReply, @CurrentPrincipal() p: Principal, @Param('account_id') a: string, @Param('id') id: string) { return this.run(replay, q, r, p, a, id); }

  private async run(write: Write, request: FastifyRequest, reply: FastifyReply, principal: Principal, accountId: string, id: string): Promise<void> {
    send(request, reply, await write(this.commands, writeRequest(request, principal), { family: 'accounts', account_id: accountId }, id));
  }
}

const send = (request: FastifyRequest, reply: FastifyReply, response: StoredResponse): void =>
  sendResponse(reply, response, astraContentType(request.headers as Headers));
