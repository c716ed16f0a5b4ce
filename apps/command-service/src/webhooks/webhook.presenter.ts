import type { WebhookFamily } from '../../../../libs/domain/src/webhooks/webhook.events.js';
import { absoluteUrl, type RequestLike } from '../../../../libs/http/src/headers/urls.js';

export { webhookBody } from '../../../../libs/webhooks/src/registration-body.js';

export const webhookPath = (family: WebhookFamily, accountId: string | undefined, id?: string): string =>
  `${family === 'catalog' ? '/webhooks' : `/accounts/${accountId ?? ''}/core/v1/webhooks`}${id === undefined ? '' : `/${id}`}`;

export const webhookLocation = (request: RequestLike, family: WebhookFamily, accountId: string | undefined, id: string): string =>
  absoluteUrl(request, webhookPath(family, accountId, id));

/** Until when the secret before a rotation still signs, as a rotate answer says it. */
export const rotatedUntil = (body: unknown): string | undefined => {
  const record = (body ?? {}) as Record<string, unknown>;
  const value = record['previous_secret_valid_until'] ?? record['previousSecretValidUntil'];
  return typeof value === 'string' ? value : undefined;
};
