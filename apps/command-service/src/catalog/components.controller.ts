import { Controller, Delete, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogWrite, CurrentPrincipal } from '../../../../libs/http/src/auth/access.decorators.js';
import type { Principal } from '../../../../libs/http/src/auth/principal.js';
import { writeRequest } from '../write/write-request.js';
import { sendResponse } from '../write/write-response.js';
import { CatalogCommands } from './catalog-commands.js';

/** PackageComponent writes (SPEC §4.4); `:component` arrives percent-decoded, `:number` is checked by the commands. */
@Controller('packages/:package/versionsets/:number/components')
@CatalogWrite()
export class ComponentsController {
  constructor(@Inject(CatalogCommands) private readonly commands: CatalogCommands) {}

  @Post()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('package') ref: string,
    @Param('number') number: string,
  ): Promise<void> {
    sendResponse(reply, await this.commands.createComponent(writeRequest(request, principal), ref, number));
  }

  @Put(':component')
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('package') ref: string,
    @Param('number') number: string,
    @Param('component') name: string,
  ): Promise<void> {
    sendResponse(reply, await this.commands.updateComponent(writeRequest(request, principal), ref, number, name));
  }

  @Delete(':component')
  async remove(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('package') ref: string,
    @Param('number') number: string,
    @Param('component') name: string,
  ): Promise<void> {
    sendResponse(reply, await this.commands.deleteComponent(writeRequest(request, principal), ref, number, name));
  }
}
