import { accountsErrors } from '../../../../libs/http/src/openapi/accounts.components.js';
import { catalogErrors } from '../../../../libs/http/src/openapi/catalog.components.js';
import { buildOpenApiDocument } from '../../../../libs/http/src/openapi/openapi-builder.js';
import type { OpenApiDocument, RouteSpec } from '../../../../libs/http/src/openapi/openapi.types.js';
import { OPERATIONS_ROUTES } from '../../../../libs/http/src/openapi/operations.routes.js';
import { WEBHOOK_COMMAND_ROUTES } from './webhook.routes.js';

// The command service's write routes (SPEC §4.1, §4.4, §4.5, §5.1). A spec test compares this table with the
// routes the controllers declare, so a route added there without a line here fails the build.

const WRITE = ['IdempotencyKey'];
const CONDITIONAL = ['IfMatch', 'IdempotencyKey'];
const PACKAGES = '/packages';
const PACKAGE = '/packages/{package}/';
const VERSION_SETS = '/packages/{package}/versionsets';
const VERSION_SET = '/packages/{package}/versionsets/{number}/';
const COMPONENTS = '/packages/{package}/versionsets/{number}/components';
const COMPONENT = '/packages/{package}/versionsets/{number}/components/{component}/';
const RELEASES = '/packages/{package}/releases';
const RELEASE = '/packages/{package}/releases/{release}/';
const ACCOUNT_PACKAGES = '/accounts/{account_id}/core/v1/packages';
const ACCOUNT_PACKAGE = '/accounts/{account_id}/core/v1/packages/{package_id}';

const catalogCreateErrors = catalogErrors(400, 401, 403, 409, 413, 415, 422, 503);
const catalogChangeErrors = catalogErrors(400, 401, 403, 404, 409, 412, 413, 415, 422, 503);
const accountsWriteErrors = accountsErrors(400, 401, 403, 404, 409, 412, 413, 415, 503);

const catalog = (route: Omit<RouteSpec, 'tag' | 'access'>): RouteSpec => ({ ...route, tag: 'catalog', access: 'catalog-admin' });
const accounts = (route: Omit<RouteSpec, 'tag' | 'access'>): RouteSpec => ({ ...route, tag: 'accounts', access: 'account-member' });

export const COMMAND_ROUTES: RouteSpec[] = [
  catalog({ method: 'post', path: PACKAGES, operationId: 'createPackage', summary: 'Create a Package', parameters: WRITE, requestBody: 'PackageCreate', responses: { '201': 'PackageCreated', ...catalogCreateErrors } }),
  catalog({ method: 'put', path: PACKAGE, operationId: 'updatePackage', summary: 'Replace a Package (the GET body, changed)', parameters: ['PackageRef', ...CONDITIONAL], requestBody: 'PackageUpdate', responses: { '200': 'PackageWritten', ...catalogChangeErrors } }),
  catalog({ method: 'delete', path: PACKAGE, operationId: 'deletePackage', summary: 'Delete a Package (frees its aliases; history stays)', parameters: ['PackageRef', ...CONDITIONAL], responses: { '204': 'CatalogDeleted', ...catalogChangeErrors } }),
  catalog({ method: 'post', path: VERSION_SETS, operationId: 'createVersionSet', summary: 'Create a VersionSet (number assigned)', parameters: ['PackageRef', ...WRITE], requestBody: 'VersionSetCreate', responses: { '201': 'VersionSetCreated', ...catalogChangeErrors } }),
  catalog({ method: 'put', path: VERSION_SET, operationId: 'updateVersionSet', summary: 'Replace a VersionSet (the GET body, changed)', parameters: ['PackageRef', 'VersionSetNumber', ...CONDITIONAL], requestBody: 'VersionSetUpdate', responses: { '200': 'VersionSetWritten', ...catalogChangeErrors } }),
  catalog({ method: 'delete', path: VERSION_SET, operationId: 'deleteVersionSet', summary: 'Delete a VersionSet (its number is never reused)', parameters: ['PackageRef', 'VersionSetNumber', ...CONDITIONAL], responses: { '204': 'CatalogDeleted', ...catalogChangeErrors } }),
  catalog({ method: 'post', path: COMPONENTS, operationId: 'createComponent', summary: 'Create a PackageComponent in a VersionSet', parameters: ['PackageRef', 'VersionSetNumber', ...WRITE], requestBody: 'ComponentCreate', responses: { '201': 'ComponentCreated', ...catalogChangeErrors } }),
  catalog({ method: 'put', path: COMPONENT, operationId: 'updateComponent', summary: 'Replace a PackageComponent (the GET body, changed)', parameters: ['PackageRef', 'VersionSetNumber', 'ComponentName', ...CONDITIONAL], requestBody: 'ComponentUpdate', responses: { '200': 'ComponentWritten', ...catalogChangeErrors } }),
  catalog({ method: 'delete', path: COMPONENT, operationId: 'deleteComponent', summary: 'Delete a PackageComponent (history stays)', parameters: ['PackageRef', 'VersionSetNumber', 'ComponentName', ...CONDITIONAL], responses: { '204': 'CatalogDeleted', ...catalogChangeErrors } }),
  catalog({ method: 'post', path: RELEASES, operationId: 'createRelease', summary: 'Create a PackageRelease (unique per package by SemVer precedence)', parameters: ['PackageRef', ...WRITE], requestBody: 'ReleaseCreate', responses: { '201': 'ReleaseCreated', ...catalogChangeErrors } }),
  catalog({ method: 'put', path: RELEASE, operationId: 'updateRelease', summary: 'Replace a PackageRelease (the GET body, changed)', parameters: ['PackageRef', 'ReleaseRef', ...CONDITIONAL], requestBody: 'ReleaseUpdate', responses: { '200': 'ReleaseWritten', ...catalogChangeErrors } }),
  catalog({ method: 'delete', path: RELEASE, operationId: 'deleteRelease', summary: 'Delete a PackageRelease (history stays)', parameters: ['PackageRef', 'ReleaseRef', ...CONDITIONAL], responses: { '204': 'CatalogDeleted', ...catalogChangeErrors } }),
  accounts({ method: 'post', path: ACCOUNT_PACKAGES, operationId: 'createAccountPackage', summary: 'Create an account package (state `verifying`)', parameters: ['AccountId', ...WRITE], requestBody: 'AstraPackageCreate', responses: { '201': 'AstraPackageCreated', ...accountsWriteErrors } }),
  accounts({ method: 'put', path: ACCOUNT_PACKAGE, operationId: 'updateAccountPackage', summary: 'Change state, state details or labels (the GET body, changed)', parameters: ['AccountId', 'PackageId', ...CONDITIONAL], requestBody: 'AstraPackageUpdate', responses: { '204': 'AstraWritten', ...accountsWriteErrors } }),
  accounts({ method: 'delete', path: ACCOUNT_PACKAGE, operationId: 'deleteAccountPackage', summary: 'Delete an account package (history stays)', parameters: ['AccountId', 'PackageId', ...CONDITIONAL], responses: { '204': 'AstraWritten', ...accountsWriteErrors } }),
  ...WEBHOOK_COMMAND_ROUTES,
  ...OPERATIONS_ROUTES,
];

export const commandOpenApi = (): OpenApiDocument =>
  buildOpenApiDocument({
    title: 'Artifact Register — command service',
    description: 'Writes of both families. Every successful write answers `X-Consistency-Token`; send it on a query to read your write.',
    routes: COMMAND_ROUTES,
  });
