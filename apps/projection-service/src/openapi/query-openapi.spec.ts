import type { Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { declaredRoutes, sortRoutes, tableRoutes } from '../../../../libs/http/src/openapi/nest-routes.js';
import { OpenApiController } from '../../../../libs/http/src/openapi/openapi.controller.js';
import { expectSoundDocument } from '../../../../libs/http/src/openapi/openapi.test-support.js';
import { HealthController } from '../../../../libs/http/src/health/health.controller.js';
import { MetricsController } from '../../../../libs/http/src/metrics/metrics.controller.js';
import { SchemasController } from '../../../../libs/http/src/schemas/schemas.controller.js';
import { AccountsQueryModule } from '../query/accounts-query.module.js';
import { CatalogQueryModule } from '../query/catalog-query.module.js';
import { WebhooksQueryModule } from '../webhooks/webhooks-query.module.js';
import { queryOpenApi, QUERY_ROUTES } from './query.routes.js';

const controllersOf = (...modules: Type[]): Type[] => modules.flatMap((m) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, m) ?? []) as Type[]);

describe('the query service OpenAPI document', () => {
  it('lists exactly the routes its controllers declare', () => {
    const controllers = controllersOf(CatalogQueryModule, AccountsQueryModule, WebhooksQueryModule);
    const declared = declaredRoutes([...controllers, HealthController, MetricsController, SchemasController, OpenApiController]);
    expect(sortRoutes(tableRoutes(QUERY_ROUTES))).toEqual(sortRoutes(declared));
  });

  it('resolves every reference and carries the seed schemas unchanged', () => {
    expectSoundDocument(queryOpenApi());
  });

  it('answers each family in its own format and keeps only the components its routes use', () => {
    const document = queryOpenApi();
    const get = (path: string) => document.paths[path]?.['get'] as { responses: Record<string, { $ref: string }> };
    expect(get('/packages/{package}/').responses['404']).toEqual({ $ref: '#/components/responses/CatalogError404' });
    expect(get('/accounts/{account_id}/core/v1/packages/{package_id}').responses['404']).toEqual({ $ref: '#/components/responses/AccountsError404' });
    expect(Object.keys(document.components['schemas'] ?? {})).toEqual(expect.arrayContaining(['Package', 'AstraPackage', 'AstraProblem2', 'AstraProblem41', 'CloudEvent']));
    expect(document.components['requestBodies']).toBeUndefined();
  });

  it('documents q on the package list and the point-in-time parameter on every read SPEC §4.6 names, by its family\'s name', () => {
    const document = queryOpenApi();
    const names = (path: string) =>
      ((document.paths[path]?.['get'] as { parameters: { $ref: string }[] }).parameters ?? []).map((p) => p.$ref.split('/').at(-1));
    expect(names('/packages')).toContain('SearchText');
    for (const path of ['/packages/{package}/', '/packages/{package}/versionsets', '/packages/{package}/versionsets/{number}/', '/versionsets/{id}']) {
      expect([path, names(path)]).toEqual([path, expect.arrayContaining(['AsOf'])]);
    }
    expect(names('/accounts/{account_id}/core/v1/packages/{package_id}')).toContain('AstraAsOf');
    const parameters = document.components['parameters'] as Record<string, { name: string; schema: { maxLength?: number } }>;
    expect([parameters['AsOf']?.name, parameters['AstraAsOf']?.name, parameters['SearchText']?.schema.maxLength]).toEqual(['as_of', 'asOf', 200]);
  });
});
