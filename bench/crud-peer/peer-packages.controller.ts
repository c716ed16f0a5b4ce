import { randomUUID } from 'node:crypto';
import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource, QueryFailedError } from 'typeorm';
import { SERVER_OWNED } from '../../apps/command-service/src/catalog/dto/package.dto.js';
import { checkBodyShape } from '../../apps/command-service/src/validation/body-shape.js';
import { CreatePackageDto } from '../../apps/command-service/src/catalog/dto/package.dto.js';
import type { PackageBody } from '../../libs/domain/src/catalog/catalog-package.commands.js';
import { normalizePackage, packageBodyIssues } from '../../libs/domain/src/catalog/catalog-package.rules.js';
import { ConflictError, ValidationError } from '../../libs/domain/src/errors.js';
import { CatalogWrite, CurrentPrincipal } from '../../libs/http/src/auth/access.decorators.js';
import type { Principal } from '../../libs/http/src/auth/principal.js';
import { absoluteUrl, schemaUrl } from '../../libs/http/src/headers/urls.js';
import { PeerPackage, PeerPackageAlias } from './peer-package.entity.js';

const UNIQUE_VIOLATION = '23505';

/** POST /packages as a CRUD service would write it: validate, then one transaction of inserts. */
@Controller('packages')
@CatalogWrite()
export class PeerPackagesController {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): Promise<void> {
    const body = checkBodyShape(CreatePackageDto, request.body, SERVER_OWNED) as PackageBody;
    const issues = packageBodyIssues(body);
    if (issues.length > 0) throw new ValidationError(issues);
    const fields = normalizePackage(`pkg_${randomUUID()}`, body);
    const now = new Date();
    const row = {
      ...fields,
      description: fields.description ?? null,
      versioning: { ...fields.versioning },
      created_on: now,
      created_by: principal.sub,
      last_modified_on: now,
      last_modified_by: principal.sub,
    };
    await this.insert(row);
    const url = { headers: request.headers, protocol: request.protocol };
    const { description, ...rest } = row;
    void reply
      .status(201)
      .header('Location', absoluteUrl(url, `/packages/${row.id}/`))
      .type('application/json')
      .send({
        $schema: schemaUrl(url, 'Package'),
        ...rest,
        ...(description !== null && { description }),
        created_on: now.toISOString(),
        last_modified_on: now.toISOString(),
      });
  }

  private async insert(row: PeerPackage): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await tx.insert(PeerPackage, row);
        if (row.aliases.length > 0) {
          await tx.insert(PeerPackageAlias, row.aliases.map((alias) => ({ alias, package_id: row.id })));
        }
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictError('an alias is already taken', [{ path: 'aliases', message: 'already taken', value: row.aliases }]);
      }
      throw err;
    }
  }
}
