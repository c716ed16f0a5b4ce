import { Controller, Delete, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogWrite, CurrentPrincipal } from '../../../../libs/http/src/auth/access.decorators.js';
import type { Principal } from '../../../../libs/http/src/auth/principal.js';
import { writeRequest } from '../write/write-request.js';
import { sendResponse } from '../write/write-response.js';
import { CatalogCommands } from './catalog-commands.js';

/** Package writes (SPEC §4.1); the commands check the body, so a refusal is recorded under an Idempotency-Key too. */
@Controller('packages')
@CatalogWrite()
export class PackagesController {
  constructor(@Inject(CatalogCommands) private readonly commands: CatalogCommands) {}

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<void> {
    sendResponse(reply, await this.commands.createPackage(writeRequest(request, principal)));
  }

  @Put(':package')
  async update(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('package') ref: string): Promise<void> {
    sendResponse(reply, await this.commands.updatePackage(writeRequest(request, principal), ref));
  }

  @Delete(':package')
  async remove(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('package') ref: string): Promise<void> {
    sendResponse(reply, await this.commands.deletePackage(writeRequest(request, principal), ref));
  }
}
