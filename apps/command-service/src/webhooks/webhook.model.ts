import type { WebhookEvent } from '../../../../libs/domain/src/webhooks/webhook.events.js';
import { evolve, initialState, type WebhookState } from '../../../../libs/domain/src/webhooks/webhook.state.js';
import type { AggregateModel } from '../pipeline/aggregate-model.js';

/** One model per family: the family names the CloudEvents `source` and type prefix of what is appended. */
const webhookModel = (family: 'catalog' | 'accounts'): AggregateModel<WebhookState, WebhookEvent> => ({
  family,
  initialState,
  evolve,
  exists: (state) => state.status === 'live',
});

export const catalogWebhookModel = webhookModel('catalog');
export const accountWebhookModel = webhookModel('accounts');
