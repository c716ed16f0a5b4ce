import { Controller, Delete, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogWrite, CurrentPrincipal } from '../../../../libs/http/src/auth/access.decorators.js';
import type { Principal } from '../../../../libs/http/src/auth/principal.js';
import { writeRequest } from '../write/write-request.js';
import { sendResponse } from '../write/write-response.js';
import { CatalogCommands } from './catalog-commands.js';

/** PackageRelease writes (SPEC §4.5); `:release` is `<package id or alias>@<version>` or the bare version. */
@Controller('packages/:package/releases')
@CatalogWrite()
export class ReleasesController {
  constructor(@Inject(CatalogCommands) private readonly commands: CatalogCommands) {}

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('package') ref: string): Promise<void> {
    sendResponse(reply, await this.commands.createRelease(writeRequest(request, principal), ref));
  }

  @Put(':release')
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('package') ref: string,
    @Param('release') release: string,
  ): Promise<void> {
    sendResponse(reply, await this.commands.updateRelease(writeRequest(request, principal), ref, release));
  }

  @Delete(':release')
  async remove(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('package') ref: string,
    @Param('release') release: string,
  ): Promise<void> {
    sendResponse(reply, await this.commands.deleteRelease(writeRequest(request, principal), ref, release));
  }
}
