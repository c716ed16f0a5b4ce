import { accountsErrors } from '../../../../libs/http/src/openapi/accounts.components.js';
import { catalogErrors } from '../../../../libs/http/src/openapi/catalog.components.js';
import type { RouteSpec } from '../../../../libs/http/src/openapi/openapi.types.js';

// Webhook writes of both families (SPEC §10); the same spec test holds them to the controllers.

const WRITE = ['IdempotencyKey'];
const CONDITIONAL = ['IfMatch', 'IdempotencyKey'];
const CATALOG = '/webhooks';
const CATALOG_ONE = '/webhooks/{id}';
const ACCOUNT = '/accounts/{account_id}/core/v1/webhooks';
const ACCOUNT_ONE = '/accounts/{account_id}/core/v1/webhooks/{id}';

const catalogCreate = catalogErrors(400, 401, 403, 409, 413, 415, 422, 503);
const catalogChange = catalogErrors(400, 401, 403, 404, 409, 412, 413, 415, 422, 503);
const accountsWrite = accountsErrors(400, 401, 403, 404, 409, 412, 413, 415, 503);

const catalog = (route: Omit<RouteSpec, 'tag' | 'access'>): RouteSpec => ({ ...route, tag: 'catalog', access: 'catalog-admin' });
const accounts = (route: Omit<RouteSpec, 'tag' | 'access'>): RouteSpec => ({ ...route, tag: 'accounts', access: 'account-member' });

export const WEBHOOK_COMMAND_ROUTES: RouteSpec[] = [
  catalog({ method: 'post', path: CATALOG, operationId: 'createCatalogWebhook', summary: 'Register a catalog webhook (the answer shows its secret, once)', parameters: WRITE, requestBody: 'CatalogWebhookCreate', responses: { '201': 'CatalogWebhookCreated', ...catalogCreate } }),
  catalog({ method: 'put', path: CATALOG_ONE, operationId: 'updateCatalogWebhook', summary: 'Replace a catalog webhook (the GET body, changed)', parameters: ['WebhookId', ...CONDITIONAL], requestBody: 'CatalogWebhookUpdate', responses: { '200': 'CatalogWebhookWritten', ...catalogChange } }),
  catalog({ method: 'delete', path: CATALOG_ONE, operationId: 'deleteCatalogWebhook', summary: 'Delete a catalog webhook (nothing more is delivered)', parameters: ['WebhookId', ...CONDITIONAL], responses: { '204': 'WebhookDeleted', ...catalogChange } }),
  catalog({ method: 'post', path: `${CATALOG_ONE}/ping`, operationId: 'pingCatalogWebhook', summary: 'Deliver a WebhookPinged event to this endpoint only', parameters: ['WebhookId', ...WRITE], responses: { '202': 'WebhookAccepted', ...catalogChange } }),
  catalog({ method: 'post', path: `${CATALOG_ONE}/rotate-secret`, operationId: 'rotateCatalogWebhookSecret', summary: 'A new secret; the old one signs beside it for 24 h', parameters: ['WebhookId', ...WRITE], responses: { '200': 'CatalogWebhookRotated', ...catalogChange } }),
  catalog({ method: 'post', path: `${CATALOG_ONE}/replay`, operationId: 'replayCatalogWebhook', summary: 'Redeliver matching events from a position or time to this webhook only', parameters: ['WebhookId', ...WRITE], requestBody: 'WebhookReplay', responses: { '202': 'WebhookAccepted', ...catalogChange } }),
  accounts({ method: 'post', path: ACCOUNT, operationId: 'createAccountWebhook', summary: "Register a webhook for the account's events (the answer shows its secret, once)", parameters: ['AccountId', ...WRITE], requestBody: 'AccountWebhookCreate', responses: { '201': 'AccountWebhookCreated', ...accountsWrite } }),
  accounts({ method: 'put', path: ACCOUNT_ONE, operationId: 'updateAccountWebhook', summary: 'Replace an account webhook (the GET body, changed)', parameters: ['AccountId', 'WebhookId', ...CONDITIONAL], requestBody: 'AccountWebhookUpdate', responses: { '200': 'AccountWebhookWritten', ...accountsWrite } }),
  accounts({ method: 'delete', path: ACCOUNT_ONE, operationId: 'deleteAccountWebhook', summary: 'Delete an account webhook (nothing more is delivered)', parameters: ['AccountId', 'WebhookId', ...CONDITIONAL], responses: { '204': 'WebhookDeleted', ...accountsWrite } }),
  accounts({ method: 'post', path: `${ACCOUNT_ONE}/ping`, operationId: 'pingAccountWebhook', summary: 'Deliver a WebhookPinged event to this endpoint only', parameters: ['AccountId', 'WebhookId', ...WRITE], responses: { '202': 'WebhookAccepted', ...accountsWrite } }),
  accounts({ method: 'post', path: `${ACCOUNT_ONE}/rotate-secret`, operationId: 'rotateAccountWebhookSecret', summary: 'A new secret; the old one signs beside it for 24 h', parameters: ['AccountId', 'WebhookId', ...WRITE], responses: { '200': 'AccountWebhookRotated', ...accountsWrite } }),
  accounts({ method: 'post', path: `${ACCOUNT_ONE}/replay`, operationId: 'replayAccountWebhook', summary: 'Redeliver matching events from a position or time to this webhook only', parameters: ['AccountId', 'WebhookId', ...WRITE], requestBody: 'WebhookReplay', responses: { '202': 'WebhookAccepted', ...accountsWrite } }),
];
