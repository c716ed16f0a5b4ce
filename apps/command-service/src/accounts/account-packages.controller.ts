import { Controller, Delete, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountWrite, CurrentPrincipal } from '../../../../libs/http/src/auth/access.decorators.js';
import type { Principal } from '../../../../libs/http/src/auth/principal.js';
import type { Headers } from '../../../../libs/http/src/headers/header-names.js';
import { astraContentType } from '../../../../libs/http/src/headers/media-type.js';
import { writeRequest } from '../write/write-request.js';
import { sendResponse, type StoredResponse } from '../write/write-response.js';
import { AccountCommands } from './account-commands.js';

/**
 * Account package writes (SPEC §5.1). The guard has checked token → account → role (member) and
 * any body parse error before a handler runs; the commands check the body shape, then run.
 */
@Controller('accounts/:account_id/core/v1/packages')
@AccountWrite()
export class AccountPackagesController {
  constructor(@Inject(AccountCommands) private readonly commands: AccountCommands) {}

  @Post()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('account_id') accountId: string,
  ): Promise<void> {
    send(request, reply, await this.commands.create(writeRequest(request, principal), accountId));
  }

  @Put(':package_id')
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('account_id') accountId: string,
    @Param('package_id') packageId: string,
  ): Promise<void> {
    send(request, reply, await this.commands.update(writeRequest(request, principal), accountId, packageId));
  }

  @Delete(':package_id')
  async remove(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('account_id') accountId: string,
    @Param('package_id') packageId: string,
  ): Promise<void> {
    send(request, reply, await this.commands.remove(writeRequest(request, principal), accountId, packageId));
  }
}

/** The body in the media type `Accept` asked for, fresh or replayed (a problem keeps its own type). */
const send = (request: FastifyRequest, reply: FastifyReply, response: StoredResponse): void =>
  sendResponse(reply, response, astraContentType(request.headers as Headers));
