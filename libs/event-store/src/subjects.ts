// One subject per aggregate, so per-aggregate order is stream order and subscribers filter by wildcard.

export const STREAM_SUBJECTS = 'artifacts.>';

export const catalogSubject = (packageId: string): string => `artifacts.catalog.${packageId}`;

export const accountPackageSubject = (accountId: string, packageId: string): string =>
  `artifacts.accounts.${accountId}.${packageId}`;

/**
 * Webhook registrations (SPEC §10) live under `artifacts.webhooks.>`: in the stream, so history and
 * rebuild treat them like every other event, but outside `artifacts.catalog.>` and
 * `artifacts.accounts.>`, so package subscribers' filters never catch them.
 */
export const WEBHOOK_SUBJECTS = 'artifacts.webhooks.>';

export const catalogWebhookSubject = (webhookId: string): string => `artifacts.webhooks.catalog.${webhookId}`;

export const accountWebhookSubject = (accountId: string, webhookId: string): string =>
  `artifacts.webhooks.accounts.${accountId}.${webhookId}`;
