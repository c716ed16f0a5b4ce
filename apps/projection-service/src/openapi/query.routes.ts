import { accountsErrors } from '../../../../libs/http/src/openapi/accounts.components.js';
import { catalogErrors } from '../../../../libs/http/src/openapi/catalog.components.js';
import { buildOpenApiDocument } from '../../../../libs/http/src/openapi/openapi-builder.js';
import type { OpenApiDocument, RouteSpec } from '../../../../libs/http/src/openapi/openapi.types.js';
import { OPERATIONS_ROUTES } from '../../../../libs/http/src/openapi/operations.routes.js';
import { WEBHOOK_QUERY_ROUTES } from './webhook-query.routes.js';

// The query service's read routes (SPEC §4.2, §4.4, §4.5, §5.2). The components are shared with the command
// service (libs/http/src/openapi: one definition per name, as the gateway merges both documents by
// component name). A spec test compares this table with the routes the query controllers declare.

const READ = ['ConsistencyToken'];
const CONDITIONAL_READ = ['ConsistencyToken', 'IfNoneMatch'];
const ACCOUNT_PACKAGES = '/accounts/{account_id}/core/v1/packages';
const ACCOUNT_PACKAGE = '/accounts/{account_id}/core/v1/packages/{package_id}';

const catalogReadErrors = catalogErrors(400, 401, 404, 503);
const accountsReadErrors = accountsErrors(400, 401, 403, 404, 503);

const catalog = (route: Omit<RouteSpec, 'tag' | 'access' | 'method'>): RouteSpec => ({ ...route, method: 'get', tag: 'catalog', access: 'token' });
const accounts = (route: Omit<RouteSpec, 'tag' | 'access' | 'method'>): RouteSpec => ({ ...route, method: 'get', tag: 'accounts', access: 'account-viewer' });

export const QUERY_ROUTES: RouteSpec[] = [
  catalog({ path: '/packages', operationId: 'listPackages', summary: 'List Packages (creation order), or search them with `q`', parameters: ['SearchText', 'PackagePageSize', 'ContinuationToken', 'PackageFilter', ...READ], responses: { '200': 'PackagePage', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/', operationId: 'getPackage', summary: 'Get a Package by id or alias', parameters: ['PackageRef', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'PackageRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/history', operationId: 'packageHistory', summary: "A Package's events, oldest first", parameters: ['PackageRef', 'PackagePageSize', 'ContinuationToken', ...READ], responses: { '200': 'CatalogHistoryPage', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/versionsets', operationId: 'listVersionSets', summary: "List a Package's VersionSets, or the one holding `version`", parameters: ['PackageRef', 'VersionSetPageSize', 'ContinuationToken', 'Version', 'AsOf', ...READ], responses: { '200': 'VersionSetPage', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/versionsets/{number}/', operationId: 'getVersionSet', summary: 'Get a VersionSet', parameters: ['PackageRef', 'VersionSetNumber', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'VersionSetRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: '/versionsets/{id}', operationId: 'getVersionSetById', summary: 'Get a VersionSet by composite id (`argo-workflows:1`)', parameters: ['VersionSetId', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'VersionSetRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/versionsets/{number}/components', operationId: 'listComponents', summary: "List a VersionSet's components by name", parameters: ['PackageRef', 'VersionSetNumber', 'VersionSetPageSize', 'ContinuationToken', 'AsOf', ...READ], responses: { '200': 'ComponentPage', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/versionsets/{number}/components/{component}', operationId: 'getComponent', summary: 'Get a PackageComponent', parameters: ['PackageRef', 'VersionSetNumber', 'ComponentName', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'ComponentRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: '/components/{id}', operationId: 'getComponentById', summary: 'Get a PackageComponent by composite id (`cert-manager:1:controller`)', parameters: ['ComponentId', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'ComponentRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/releases', operationId: 'listReleases', summary: "List a Package's releases, highest version first", parameters: ['PackageRef', 'VersionSetPageSize', 'ContinuationToken', 'VersionConstraint', 'VersionSetFilter', 'Prerelease', 'AsOf', ...READ], responses: { '200': 'ReleasePage', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/releases/latest', operationId: 'getLatestRelease', summary: 'The highest release that is not a prerelease', parameters: ['PackageRef', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'ReleaseRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/releases/{release}/', operationId: 'getRelease', summary: 'Get a PackageRelease', parameters: ['PackageRef', 'ReleaseRef', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'ReleaseRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: '/packages/{package}/versionsets/{number}/releases', operationId: 'listVersionSetReleases', summary: 'The releases a VersionSet describes (its range holds them)', parameters: ['PackageRef', 'VersionSetNumber', 'VersionSetPageSize', 'ContinuationToken', 'VersionConstraint', 'Prerelease', 'AsOf', ...READ], responses: { '200': 'ReleasePage', ...catalogReadErrors } }),
  catalog({ path: '/releases/{id}', operationId: 'getReleaseById', summary: 'Get a PackageRelease by composite id (`argo-workflows@3.5.0`)', parameters: ['ReleaseId', 'AsOf', ...CONDITIONAL_READ], responses: { '200': 'ReleaseRead', '304': 'NotModified', ...catalogReadErrors } }),
  accounts({ path: ACCOUNT_PACKAGES, operationId: 'listAccountPackages', summary: 'List account packages', parameters: ['AccountId', 'AstraFilter', 'AstraOrderBy', 'AstraInclude', 'AstraLimit', 'AstraSkip', 'AstraContinue', 'AstraCount', ...READ], responses: { '200': 'AstraPackageList', ...accountsReadErrors } }),
  accounts({ path: ACCOUNT_PACKAGE, operationId: 'getAccountPackage', summary: 'Get an account package', parameters: ['AccountId', 'PackageId', 'AstraAsOf', ...CONDITIONAL_READ], responses: { '200': 'AstraPackageRead', '304': 'NotModified', ...accountsReadErrors } }),
  accounts({ path: `${ACCOUNT_PACKAGE}/history`, operationId: 'accountPackageHistory', summary: "An account package's events, oldest first", parameters: ['AccountId', 'PackageId', 'AstraLimit', 'AstraContinue', ...READ], responses: { '200': 'AstraHistory', ...accountsReadErrors } }),
  ...WEBHOOK_QUERY_ROUTES,
  ...OPERATIONS_ROUTES,
];

export const queryOpenApi = (): OpenApiDocument =>
  buildOpenApiDocument({
    title: 'Artifact Register — query service',
    description: 'Reads of both families from the read models. Send a write\'s `X-Consistency-Token` to read your write.',
    routes: QUERY_ROUTES,
  });
