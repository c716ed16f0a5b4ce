import { MAX_WEBHOOK_DESCRIPTION_LENGTH, MAX_WEBHOOK_TYPES, MAX_WEBHOOK_URL_LENGTH } from '../../../domain/src/webhooks/webhook.rules.js';
import { ref, type JsonSchema } from './openapi.types.js';
import { responseHeaders, type HeaderName } from './shared.components.js';

// Webhooks of both families (SPEC §10). The limits come from the domain rules, written once.

const UUID = { type: 'string', format: 'uuid' };
const TIME = { type: 'string', format: 'date-time' };
const fields = (types: string): Record<string, JsonSchema> => ({
  url: { type: 'string', format: 'uri', maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'Absolute `https` (or `http` where WEBHOOK_ALLOW_PRIVATE=true); private, loopback and link-local destinations are refused, also after DNS resolution.' },
  types: { type: 'array', minItems: 1, maxItems: MAX_WEBHOOK_TYPES, uniqueItems: true, items: { type: 'string' }, description: `Event types (\`${types}.PackageCreated\`) or \`${types}.*\` (the default).` },
  description: { type: 'string', maxLength: MAX_WEBHOOK_DESCRIPTION_LENGTH },
  active: { type: 'boolean', default: true },
});
const SECRET = { type: 'string', pattern: '^whsec_[A-Za-z0-9+/]{43}=$', description: 'Standard Webhooks secret; shown in this answer only.' };

const catalogWebhook: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'url', 'types', 'active', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on'],
  properties: {
    id: UUID,
    ...fields('catalog'),
    previous_secret_valid_until: { ...TIME, description: 'Until when the secret before the last rotation still signs.' },
    created_by: { type: 'string' },
    created_on: TIME,
    last_modified_by: { type: 'string' },
    last_modified_on: TIME,
  },
};
const accountWebhook: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'url', 'types', 'active', 'metadata'],
  properties: {
    id: UUID,
    ...fields('accounts'),
    previousSecretValidUntil: TIME,
    metadata: {
      type: 'object',
      additionalProperties: false,
      properties: { creationTimestamp: TIME, modificationTimestamp: TIME, createdBy: { type: 'string' }, modifiedBy: { type: 'string' } },
    },
  },
};
const withSecret = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  required: [...(schema['required'] as string[]), 'secret'],
  properties: { ...(schema['properties'] as Record<string, JsonSchema>), secret: SECRET },
});
const create = (family: string): JsonSchema => ({ type: 'object', additionalProperties: false, required: ['url'], properties: fields(family) });
const delivery: JsonSchema = {
  type: 'object',
  required: ['event_id', 'type', 'position', 'time', 'attempt', 'duration_ms'],
  properties: {
    event_id: { type: 'string' },
    type: { type: 'string' },
    position: { type: 'integer', minimum: 1, description: 'Stream position of the event.' },
    time: TIME,
    attempt: { type: 'integer', minimum: 1 },
    status: { type: 'integer', description: 'The HTTP status, when the endpoint answered.' },
    error: { type: 'string' },
    duration_ms: { type: 'integer', minimum: 0 },
    outcome: { enum: ['delivered', 'failed', 'dead-lettered'] },
  },
};

export const webhookSchemas: Record<string, JsonSchema> = {
  CatalogWebhook: catalogWebhook,
  CatalogWebhookWithSecret: withSecret(catalogWebhook),
  CatalogWebhookCreate: create('catalog'),
  CatalogWebhookUpdate: { type: 'object', required: ['url'], properties: { id: UUID, ...fields('catalog') }, description: 'The GET body, changed; audit fields are ignored.' },
  CatalogWebhookPage: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('schemas', 'CatalogWebhook') }, continuation_token: { type: 'string' } } },
  AccountWebhook: accountWebhook,
  AccountWebhookWithSecret: withSecret(accountWebhook),
  AccountWebhookCreate: create('accounts'),
  AccountWebhookUpdate: { type: 'object', required: ['url'], properties: { id: UUID, ...fields('accounts') }, description: 'The GET body, changed; metadata is ignored.' },
  AccountWebhookList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('schemas', 'AccountWebhook') } } },
  WebhookReplay: {
    type: 'object',
    additionalProperties: false,
    required: ['from'],
    properties: { from: { oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string', format: 'date-time' }], description: 'A stream position, or the first event at or after an RFC 3339 time.' } },
  },
  WebhookDelivery: delivery,
  WebhookDeliveries: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('schemas', 'WebhookDelivery'), description: 'Latest first; bounded.' } } },
};

const json = (schema: string) => ({ 'application/json': { schema: ref('schemas', schema) } });
const body = (schema: string, description: string) => ({ description, required: true, content: json(schema) });
const answer = (schema: string | undefined, description: string, ...headers: HeaderName[]) => ({
  description,
  headers: responseHeaders(...headers),
  ...(schema && { content: json(schema) }),
});

export const webhookRequestBodies = {
  CatalogWebhookCreate: body('CatalogWebhookCreate', 'A new catalog webhook.'),
  CatalogWebhookUpdate: body('CatalogWebhookUpdate', 'The webhook as GET returned it, changed.'),
  AccountWebhookCreate: body('AccountWebhookCreate', 'A new account webhook.'),
  AccountWebhookUpdate: body('AccountWebhookUpdate', 'The webhook as GET returned it, changed.'),
  WebhookReplay: body('WebhookReplay', 'Where the replay starts.'),
};

export const webhookResponses = {
  CatalogWebhookCreated: answer('CatalogWebhookWithSecret', 'Created; the only answer that shows the secret.', 'ETag', 'Location', 'XConsistencyToken'),
  CatalogWebhookWritten: answer('CatalogWebhook', 'Updated (or unchanged: no event).', 'ETag', 'XConsistencyToken'),
  CatalogWebhookRotated: answer('CatalogWebhookWithSecret', 'The new secret; the old one signs beside it for 24 h.', 'ETag', 'XConsistencyToken'),
  CatalogWebhookRead: answer('CatalogWebhook', 'The webhook (never its secret).', 'ETag'),
  CatalogWebhookPage: answer('CatalogWebhookPage', 'Webhooks in creation order.'),
  AccountWebhookCreated: answer('AccountWebhookWithSecret', 'Created; the only answer that shows the secret.', 'ETag', 'Location', 'XConsistencyToken'),
  AccountWebhookWritten: answer('AccountWebhook', 'Updated (or unchanged: no event).', 'ETag', 'XConsistencyToken'),
  AccountWebhookRotated: answer('AccountWebhookWithSecret', 'The new secret; the old one signs beside it for 24 h.', 'ETag', 'XConsistencyToken'),
  AccountWebhookRead: answer('AccountWebhook', 'The webhook (never its secret).', 'ETag'),
  AccountWebhookList: answer('AccountWebhookList', "The account's webhooks in creation order."),
  WebhookAccepted: answer(undefined, 'Accepted: recorded in the stream for the delivery engine.', 'ETag', 'XConsistencyToken'),
  WebhookDeleted: answer(undefined, 'Deleted: nothing more is delivered.', 'ETag', 'XConsistencyToken'),
  WebhookDeliveries: answer('WebhookDeliveries', 'The latest delivery attempts.'),
};

export const webhookParameters = {
  WebhookId: { name: 'id', in: 'path', required: true, description: 'The webhook (lower-case UUID).', schema: UUID },
};
