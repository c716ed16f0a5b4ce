import { Controller, Delete, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogWrite, CurrentPrincipal } from '../../../../libs/http/src/auth/access.decorators.js';
import type { Principal } from '../../../../libs/http/src/auth/principal.js';
import { writeRequest } from '../write/write-request.js';
import { sendResponse } from '../write/write-response.js';
import { CatalogCommands } from './catalog-commands.js';

/** VersionSet writes (SPEC §4.1); `:number` is checked by the commands (a malformed one is 404). */
@Controller('packages/:package/versionsets')
@CatalogWrite()
export class VersionSetsController {
  constructor(@Inject(CatalogCommands) private readonly commands: CatalogCommands) {}

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('package') ref: string): Promise<void> {
    sendResponse(reply, await this.commands.createVersionSet(writeRequest(request, principal), ref));
  }

  @Put(':number')
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('package') ref: string,
    @Param('number') number: string,
  ): Promise<void> {
    sendResponse(reply, await this.commands.updateVersionSet(writeRequest(request, principal), ref, number));
  }

  @Delete(':number')
  async remove(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('package') ref: string,
    @Param('number') number: string,
  ): Promise<void> {
    sendResponse(reply, await this.commands.deleteVersionSet(writeRequest(request, principal), ref, number));
  }
}
