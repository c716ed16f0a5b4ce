// State of one webhook registration, folded from its events. Audit fields and the version come
// from the envelope (event.meta), never from the event data.
import type { Recorded } from '../event-meta.js';
import type { AuditFields } from '../catalog/catalog-package.state.js';
import type { WebhookEvent, WebhookFields } from './webhook.events.js';

export type LiveWebhook = WebhookFields &
  AuditFields & {
    status: 'live';
    /** Stream sequence of the webhook's last event (its ETag). */
    version: number;
    /** Until when the secret before the last rotation still signs, if one was rotated. */
    previous_secret_valid_until?: string;
  };

export type DeletedWebhook = { status: 'deleted'; id: string; version: number; deleted_by: string; deleted_on: string };

export type WebhookState = { status: 'none' } | LiveWebhook | DeletedWebhook;

export const initialState = (): WebhookState => ({ status: 'none' });

const touch = (state: LiveWebhook, event: Recorded<WebhookEvent>): LiveWebhook => ({
  ...state,
  last_modified_by: event.meta.actor,
  last_modified_on: event.meta.time,
  version: event.meta.version,
});

/** Folds one recorded event; one that cannot apply to the current status leaves the state as it is. */
export const evolve = (state: WebhookState, event: Recorded<WebhookEvent>): WebhookState => {
  if (event.type === 'WebhookCreated') return state.status === 'none' ? created(event) : state;
  if (state.status !== 'live') return state;
  switch (event.type) {
    case 'WebhookUpdated': {
      const { description: _dropped, ...rest } = touch(state, event);
      return { ...rest, ...webhookFields(event.data) };
    }
    case 'WebhookDeleted':
      return { status: 'deleted', id: state.id, version: event.meta.version, deleted_by: event.meta.actor, deleted_on: event.meta.time };
    case 'WebhookSecretRotated':
      return { ...touch(state, event), previous_secret_valid_until: event.data.previous_valid_until };
    case 'WebhookDisabled':
      return { ...touch(state, event), active: false };
    case 'WebhookPinged':
    case 'WebhookReplayRequested':
      // Requests to the delivery engine: they change nothing the registration shows but its version.
      return { ...state, version: event.meta.version };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
};

export const webhookFields = (data: WebhookFields): WebhookFields => ({
  id: data.id,
  family: data.family,
  ...(data.account_id === undefined ? {} : { account_id: data.account_id }),
  url: data.url,
  types: [...data.types],
  ...(data.description === undefined ? {} : { description: data.description }),
  active: data.active,
});

const created = (event: Recorded<WebhookEvent> & { type: 'WebhookCreated' }): LiveWebhook => {
  const { actor, time, version } = event.meta;
  return {
    status: 'live',
    ...webhookFields(event.data),
    created_by: actor,
    created_on: time,
    last_modified_by: actor,
    last_modified_on: time,
    version,
  };
};
