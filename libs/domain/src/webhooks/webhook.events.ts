// Webhook registration events (schemaversion 1), one aggregate per webhook. Secrets never appear
// here: they live outside the stream and the events only say that one was rotated.

export type WebhookFamily = 'catalog' | 'accounts';

/** What a registration says, as GET shows it (less the audit fields and the version). */
export type WebhookFields = {
  id: string;
  family: WebhookFamily;
  /** The account whose events it receives; absent for catalog webhooks. */
  account_id?: string;
  url: string;
  /** Event types (`catalog.PackageCreated`) or a family wildcard (`catalog.*`). */
  types: string[];
  description?: string;
  active: boolean;
};

/** Where a replay starts: a stream position, or the first event at or after a time. */
export type ReplayStart = { position: number } | { time: string };

export type WebhookCreated = { type: 'WebhookCreated'; data: WebhookFields };
export type WebhookUpdated = { type: 'WebhookUpdated'; data: WebhookFields };
export type WebhookDeleted = { type: 'WebhookDeleted'; data: { id: string } };
/** The old secret keeps signing beside the new one until `previous_valid_until`. */
export type WebhookSecretRotated = { type: 'WebhookSecretRotated'; data: { id: string; previous_valid_until: string } };
export type WebhookPinged = { type: 'WebhookPinged'; data: { id: string } };
export type WebhookReplayRequested = { type: 'WebhookReplayRequested'; data: { id: string; from: ReplayStart } };
/** Set by the delivery engine after an endpoint failed without a success since `failing_since`. */
export type WebhookDisabled = { type: 'WebhookDisabled'; data: { id: string; failing_since: string } };

export type WebhookEvent =
  | WebhookCreated
  | WebhookUpdated
  | WebhookDeleted
  | WebhookSecretRotated
  | WebhookPinged
  | WebhookReplayRequested
  | WebhookDisabled;

export type WebhookEventType = WebhookEvent['type'];

export const WEBHOOK_EVENT_TYPES = [
  'WebhookCreated',
  'WebhookUpdated',
  'WebhookDeleted',
  'WebhookSecretRotated',
  'WebhookPinged',
  'WebhookReplayRequested',
  'WebhookDisabled',
] as const satisfies readonly WebhookEventType[];
