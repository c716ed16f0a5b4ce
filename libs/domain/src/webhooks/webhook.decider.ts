// decide(command, state): at most one event per command; null = nothing changed.
import { assertValid, ConflictError, NotFoundError, type FieldIssue } from '../errors.js';
import { canonicalJson, isAbsent } from '../field-checks.js';
import type { CreateWebhook, UpdateWebhook, WebhookCommand, WebhookScope } from './webhook.commands.js';
import type { WebhookEvent } from './webhook.events.js';
import { normalizeWebhook, SECRET_OVERLAP_MS, webhookBodyIssues } from './webhook.rules.js';
import { webhookFields, type LiveWebhook, type WebhookState } from './webhook.state.js';

export const decide = (command: WebhookCommand, state: WebhookState): WebhookEvent | null => {
  switch (command.type) {
    case 'CreateWebhook':
      return createWebhook(command, state);
    case 'UpdateWebhook':
      return updateWebhook(command, requireLive(state, command.id, command.scope));
    case 'DeleteWebhook':
      return { type: 'WebhookDeleted', data: { id: requireLive(state, command.id, command.scope).id } };
    case 'RotateWebhookSecret': {
      const { id } = requireLive(state, command.id, command.scope);
      const until = new Date(Date.parse(command.now) + SECRET_OVERLAP_MS).toISOString();
      return { type: 'WebhookSecretRotated', data: { id, previous_valid_until: until } };
    }
    case 'PingWebhook':
      return { type: 'WebhookPinged', data: { id: requireLive(state, command.id, command.scope).id } };
    case 'ReplayWebhook':
      return { type: 'WebhookReplayRequested', data: { id: requireLive(state, command.id, command.scope).id, from: command.from } };
    case 'DisableWebhook': {
      const live = requireLive(state, command.id, command.scope);
      return live.active ? { type: 'WebhookDisabled', data: { id: live.id, failing_since: command.failingSince } } : null;
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
};

/**
 * A missing, deleted or another scope's webhook answer alike: not found, so a member of one
 * account learns nothing about another account's webhooks.
 */
const requireLive = (state: WebhookState, id: string, scope: WebhookScope): LiveWebhook => {
  if (state.status !== 'live' || state.family !== scope.family || state.account_id !== scope.account_id) {
    throw new NotFoundError('Webhook', id);
  }
  return state;
};

const createWebhook = (command: CreateWebhook, state: WebhookState): WebhookEvent => {
  if (state.status !== 'none') {
    throw new ConflictError(`webhook ${command.id} already exists`, [{ path: 'id', message: 'already exists', value: command.id }]);
  }
  assertValid(webhookBodyIssues(command.scope, command.body));
  return { type: 'WebhookCreated', data: normalizeWebhook(command.id, command.scope, command.body) };
};

const updateWebhook = (command: UpdateWebhook, live: LiveWebhook): WebhookEvent | null => {
  assertValid(webhookBodyIssues(command.scope, command.body));
  const conflicts: FieldIssue[] = [];
  if (!isAbsent(command.body.id) && command.body.id !== live.id) {
    conflicts.push({ path: 'id', message: `must be ${live.id}, the webhook in the path`, value: command.body.id });
  }
  if (conflicts.length > 0) throw new ConflictError(`cannot update webhook ${live.id}`, conflicts);
  // PUT replaces the whole registration: anything the body omits goes back to its default.
  const next = normalizeWebhook(live.id, command.scope, command.body);
  if (canonicalJson(next) === canonicalJson(webhookFields(live))) return null;
  return { type: 'WebhookUpdated', data: next };
};
