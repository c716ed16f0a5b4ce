import type { WebhookFields } from '../../domain/src/webhooks/webhook.events.js';

/** What a registration read shows: its fields, the audit fields, and the end of a rotation's overlap. */
export type WebhookView = WebhookFields & {
  created_by: string;
  created_on: string;
  last_modified_by: string;
  last_modified_on: string;
  previous_secret_valid_until?: string;
};

// A registration as GET answers it, in each family's wire format; the secret is never part of it
// (the create and rotate answers add it once). The query service renders its rows the same way.

export function webhookBody(state: WebhookView): Record<string, unknown> {
  const fields = {
    id: state.id,
    url: state.url,
    types: [...state.types],
    ...(state.description === undefined ? {} : { description: state.description }),
    active: state.active,
  };
  if (state.family === 'catalog') {
    return {
      ...fields,
      ...(state.previous_secret_valid_until === undefined ? {} : { previous_secret_valid_until: state.previous_secret_valid_until }),
      created_by: state.created_by,
      created_on: state.created_on,
      last_modified_by: state.last_modified_by,
      last_modified_on: state.last_modified_on,
    };
  }
  return {
    ...fields,
    ...(state.previous_secret_valid_until === undefined ? {} : { previousSecretValidUntil: state.previous_secret_valid_until }),
    metadata: {
      creationTimestamp: state.created_on,
      modificationTimestamp: state.last_modified_on,
      createdBy: state.created_by,
      modifiedBy: state.last_modified_by,
    },
  };
}

