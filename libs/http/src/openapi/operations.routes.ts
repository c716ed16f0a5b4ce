import type { RouteSpec } from './openapi.types.js';

/** Routes of the shared HTTP edge and of this folder: public in both services (SPEC §3). */
export const OPERATIONS_ROUTES: RouteSpec[] = [
  { method: 'get', path: '/health/live', operationId: 'healthLive', summary: 'Liveness', tag: 'operations', access: 'public', responses: { '200': 'HealthLive' } },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'healthReady',
    summary: 'Readiness: dependencies answer (and projection lag is under READY_LAG_THRESHOLD)',
    tag: 'operations',
    access: 'public',
    responses: { '200': 'HealthReady', '503': 'HealthNotReady' },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (not exposed by the gateway)',
    tag: 'operations',
    access: 'public',
    responses: { '200': 'Metrics' },
  },
  {
    method: 'get',
    path: '/schemas/{file}',
    operationId: 'jsonSchema',
    summary: 'The JSON Schema a response `$schema` points at (`Package.json`, `PackageVersionSet.json`, …)',
    tag: 'operations',
    access: 'public',
    parameters: ['SchemaFile'],
    responses: { '200': 'JsonSchemaFile', '404': 'CatalogError404' },
  },
  { method: 'get', path: '/openapi.json', operationId: 'openapi', summary: 'This OpenAPI document', tag: 'operations', access: 'public', responses: { '200': 'OpenApiDocument' } },
  { method: 'get', path: '/docs', operationId: 'docs', summary: 'Swagger UI', tag: 'operations', access: 'public', responses: { '200': 'DocsPage' } },
  {
    method: 'get',
    path: '/docs/{asset}',
    operationId: 'docsAsset',
    summary: 'A Swagger UI asset of the docs page',
    tag: 'operations',
    access: 'public',
    parameters: ['DocsAsset'],
    responses: { '200': 'DocsAsset', '404': 'CatalogError404' },
  },
];
