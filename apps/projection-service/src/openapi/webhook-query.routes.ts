import { accountsErrors } from '../../../../libs/http/src/openapi/accounts.components.js';
import { catalogErrors } from '../../../../libs/http/src/openapi/catalog.components.js';
import type { RouteSpec } from '../../../../libs/http/src/openapi/openapi.types.js';

// Webhook reads of both families (SPEC §10); the same spec test holds them to the controllers.

const READ = ['ConsistencyToken'];
const CONDITIONAL_READ = ['ConsistencyToken', 'IfNoneMatch'];
const CATALOG_ONE = '/webhooks/{id}';
const ACCOUNT = '/accounts/{account_id}/core/v1/webhooks';
const ACCOUNT_ONE = `${ACCOUNT}/{id}`;

const catalogReadErrors = catalogErrors(400, 401, 403, 404, 503);
const accountsReadErrors = accountsErrors(400, 401, 403, 404, 503);

const catalog = (route: Omit<RouteSpec, 'tag' | 'access' | 'method'>): RouteSpec => ({ ...route, method: 'get', tag: 'catalog', access: 'catalog-admin' });
const accounts = (route: Omit<RouteSpec, 'tag' | 'access' | 'method'>): RouteSpec => ({ ...route, method: 'get', tag: 'accounts', access: 'account-viewer' });

export const WEBHOOK_QUERY_ROUTES: RouteSpec[] = [
  catalog({ path: '/webhooks', operationId: 'listCatalogWebhooks', summary: 'List catalog webhooks (creation order)', parameters: ['VersionSetPageSize', 'ContinuationToken', ...READ], responses: { '200': 'CatalogWebhookPage', ...catalogReadErrors } }),
  catalog({ path: CATALOG_ONE, operationId: 'getCatalogWebhook', summary: 'Get a catalog webhook (never its secret)', parameters: ['WebhookId', ...CONDITIONAL_READ], responses: { '200': 'CatalogWebhookRead', '304': 'NotModified', ...catalogReadErrors } }),
  catalog({ path: `${CATALOG_ONE}/deliveries`, operationId: 'catalogWebhookDeliveries', summary: 'The latest delivery attempts of a catalog webhook', parameters: ['WebhookId', ...READ], responses: { '200': 'WebhookDeliveries', ...catalogReadErrors } }),
  accounts({ path: ACCOUNT, operationId: 'listAccountWebhooks', summary: "List the account's webhooks (creation order)", parameters: ['AccountId', 'AstraLimit', 'AstraContinue', ...READ], responses: { '200': 'AccountWebhookList', ...accountsReadErrors } }),
  accounts({ path: ACCOUNT_ONE, operationId: 'getAccountWebhook', summary: 'Get an account webhook (never its secret)', parameters: ['AccountId', 'WebhookId', ...CONDITIONAL_READ], responses: { '200': 'AccountWebhookRead', '304': 'NotModified', ...accountsReadErrors } }),
  accounts({ path: `${ACCOUNT_ONE}/deliveries`, operationId: 'accountWebhookDeliveries', summary: 'The latest delivery attempts of an account webhook', parameters: ['AccountId', 'WebhookId', ...READ], responses: { '200': 'WebhookDeliveries', ...accountsReadErrors } }),
];
