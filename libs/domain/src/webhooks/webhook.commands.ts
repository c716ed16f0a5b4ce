// Commands of the webhook aggregate. `actor`, `now` and the new id arrive here so decide() stays
// deterministic. Optional body members accept `null` as "absent", as the API does.
import type { CommandContext } from '../command-context.js';
import type { ReplayStart, WebhookFamily } from './webhook.events.js';

/** A registration body after shape validation: what POST takes and what PUT replaces. */
export type WebhookBody = {
  url: string;
  types?: string[] | null;
  description?: string | null;
  active?: boolean | null;
};

/** Which webhooks a command may touch: the family, and for accounts the account in the path. */
export type WebhookScope = { family: WebhookFamily; account_id?: string };

export type CreateWebhook = CommandContext & { type: 'CreateWebhook'; id: string; scope: WebhookScope; body: WebhookBody };
/** PUT: a full replacement; `body.id` is what the client sent (GET body round trip), if anything. */
export type UpdateWebhook = CommandContext & {
  type: 'UpdateWebhook';
  id: string;
  scope: WebhookScope;
  body: WebhookBody & { id?: string | null };
};
export type DeleteWebhook = CommandContext & { type: 'DeleteWebhook'; id: string; scope: WebhookScope };
export type RotateWebhookSecret = CommandContext & { type: 'RotateWebhookSecret'; id: string; scope: WebhookScope };
export type PingWebhook = CommandContext & { type: 'PingWebhook'; id: string; scope: WebhookScope };
export type ReplayWebhook = CommandContext & { type: 'ReplayWebhook'; id: string; scope: WebhookScope; from: ReplayStart };
/** Issued by the delivery engine (the system actor), never by a client. */
export type DisableWebhook = CommandContext & { type: 'DisableWebhook'; id: string; scope: WebhookScope; failingSince: string };

export type WebhookCommand =
  | CreateWebhook
  | UpdateWebhook
  | DeleteWebhook
  | RotateWebhookSecret
  | PingWebhook
  | ReplayWebhook
  | DisableWebhook;
