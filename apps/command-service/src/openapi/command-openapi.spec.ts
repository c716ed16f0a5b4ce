import type { Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { HealthController } from '../../../../libs/http/src/health/health.controller.js';
import { MetricsController } from '../../../../libs/http/src/metrics/metrics.controller.js';
import { SchemasController } from '../../../../libs/http/src/schemas/schemas.controller.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { commandOpenApi, COMMAND_ROUTES } from './command.routes.js';
import { declaredRoutes, sortRoutes, tableRoutes } from '../../../../libs/http/src/openapi/nest-routes.js';
import { OpenApiController } from '../../../../libs/http/src/openapi/openapi.controller.js';
import { expectSoundDocument } from '../../../../libs/http/src/openapi/openapi.test-support.js';

const controllersOf = (...modules: Type[]): Type[] => modules.flatMap((m) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, m) ?? []) as Type[]);
const EDGE = [HealthController, MetricsController, SchemasController, OpenApiController];

describe('the command service OpenAPI document', () => {
  it('lists exactly the routes its controllers declare', () => {
    const declared = declaredRoutes([...controllersOf(CatalogModule, AccountsModule, VerificationModule, WebhooksModule), ...EDGE]);
    expect(sortRoutes(tableRoutes(COMMAND_ROUTES))).toEqual(sortRoutes(declared));
  });

  it('resolves every reference and carries the seed schemas unchanged', () => {
    expectSoundDocument(commandOpenApi());
  });

  it('documents each family with its own bodies and error format', () => {
    const { paths } = commandOpenApi();
    const op = (path: string, method: string) => paths[path]?.[method] as { requestBody?: { $ref: string }; responses: Record<string, { $ref: string }>; security: unknown[] };
    expect(op('/packages', 'post').requestBody).toEqual({ $ref: '#/components/requestBodies/PackageCreate' });
    expect(op('/packages', 'post').responses['422']).toEqual({ $ref: '#/components/responses/CatalogError422' });
    expect(op('/accounts/{account_id}/core/v1/packages', 'post').responses['409']).toEqual({ $ref: '#/components/responses/AccountsError409' });
    expect(op('/accounts/{account_id}/core/v1/packages/{package_id}', 'put').requestBody).toEqual({ $ref: '#/components/requestBodies/AstraPackageUpdate' });
    expect(op('/packages', 'post').security).toEqual([{ bearer: [] }]);
    expect(op('/metrics', 'get').security).toEqual([]);
  });
});
