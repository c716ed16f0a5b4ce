import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Recorded } from '../event-meta.js';
import type { WebhookBody, WebhookCommand, WebhookScope } from './webhook.commands.js';
import { decide } from './webhook.decider.js';
import type { WebhookEvent } from './webhook.events.js';
import { webhookWants } from './webhook.rules.js';
import { evolve, initialState, type WebhookState } from './webhook.state.js';

const ACTOR = '7f2b1a4e-58d4-4c3e-9d6b-0a1f2e3d4c5b';
const NOW = '2026-03-01T12:00:00.000Z';
const CATALOG: WebhookScope = { family: 'catalog' };
const accounts = (account_id = randomUUID()): WebhookScope => ({ family: 'accounts', account_id });
const body = (overrides: Partial<WebhookBody> = {}): WebhookBody => ({ url: 'https://hooks.example.com/in', ...overrides });

/** given events → the state decide() sees; each recorded event gets the next version. */
const given = (...events: WebhookEvent[]): WebhookState =>
  events.reduce<WebhookState>((state, event, index) => evolve(state, { ...event, meta: { version: index + 1, time: NOW, actor: ACTOR } } as Recorded<WebhookEvent>), initialState());

/** A command without its context; distributes over the union so each variant keeps its fields. */
type Bare<C> = C extends WebhookCommand ? Omit<C, 'actor' | 'now'> : never;

const when = (state: WebhookState, command: Bare<WebhookCommand>): WebhookEvent | null =>
  decide({ actor: ACTOR, now: NOW, ...command } as WebhookCommand, state);

const created = (id: string, scope: WebhookScope, overrides: Partial<WebhookBody> = {}): WebhookEvent => {
  const event = when(initialState(), { type: 'CreateWebhook', id, scope, body: body(overrides) });
  if (!event) throw new Error('create decided nothing');
  return event;
};

describe('webhook registration', () => {
  it('creates with every type of the family and active by default', () => {
    const id = randomUUID();
    expect(created(id, CATALOG)).toEqual({
      type: 'WebhookCreated',
      data: { id, family: 'catalog', url: 'https://hooks.example.com/in', types: ['catalog.*'], active: true },
    });
    const scope = accounts();
    expect(created(id, scope, { types: ['accounts.PackageStateChanged'], description: 'CI' }).data).toMatchObject({
      account_id: scope.account_id,
      types: ['accounts.PackageStateChanged'],
      description: 'CI',
    });
  });

  it.each<[string, Partial<WebhookBody>, string]>([
    ['a relative url', { url: '/in' }, 'url'],
    ['an ftp url', { url: 'ftp://example.com/' }, 'url'],
    ['a url over 2048 characters', { url: `https://example.com/${'a'.repeat(2048)}` }, 'url'],
    ['another family’s type', { types: ['accounts.PackageCreated'] }, 'types[0]'],
    ['an unknown type', { types: ['catalog.Nope'] }, 'types[0]'],
    ['no types', { types: [] }, 'types'],
    ['a repeated type', { types: ['catalog.*', 'catalog.*'] }, 'types[1]'],
    ['a description over 1000 characters', { description: 'x'.repeat(1001) }, 'description'],
    ['a non-boolean active', { active: 'yes' as unknown as boolean }, 'active'],
  ])('refuses %s', (_name, overrides, path) => {
    const attempt = () => when(initialState(), { type: 'CreateWebhook', id: randomUUID(), scope: CATALOG, body: body(overrides) });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(path);
    }
  });

  it('refuses a second create of the same id', () => {
    const id = randomUUID();
    expect(() => when(given(created(id, CATALOG)), { type: 'CreateWebhook', id, scope: CATALOG, body: body() })).toThrow(ConflictError);
  });

  it('replaces the whole registration on PUT, and decides nothing when nothing changed', () => {
    const id = randomUUID();
    const state = given(created(id, CATALOG, { description: 'old', types: ['catalog.PackageCreated'] }));
    expect(when(state, { type: 'UpdateWebhook', id, scope: CATALOG, body: { ...body(), id } })).toEqual({
      type: 'WebhookUpdated',
      data: { id, family: 'catalog', url: 'https://hooks.example.com/in', types: ['catalog.*'], active: true },
    });
    expect(when(state, { type: 'UpdateWebhook', id, scope: CATALOG, body: body({ description: 'old', types: ['catalog.PackageCreated'] }) })).toBeNull();
    expect(() => when(state, { type: 'UpdateWebhook', id, scope: CATALOG, body: { ...body(), id: randomUUID() } })).toThrow(ConflictError);
  });

  it('answers not found for another account’s, another family’s and a deleted webhook', () => {
    const id = randomUUID();
    const scope = accounts();
    const state = given(created(id, scope));
    for (const other of [accounts(), CATALOG]) {
      expect(() => when(state, { type: 'PingWebhook', id, scope: other })).toThrow(NotFoundError);
    }
    const deleted = given(created(id, scope), { type: 'WebhookDeleted', data: { id } });
    expect(deleted.status).toBe('deleted');
    expect(() => when(deleted, { type: 'DeleteWebhook', id, scope })).toThrow(NotFoundError);
    expect(() => when(initialState(), { type: 'RotateWebhookSecret', id, scope })).toThrow(NotFoundError);
  });

  it('rotates with a 24 h overlap, pings, replays and disables once', () => {
    const id = randomUUID();
    const state = given(created(id, CATALOG));
    const rotated = when(state, { type: 'RotateWebhookSecret', id, scope: CATALOG });
    expect(rotated).toEqual({ type: 'WebhookSecretRotated', data: { id, previous_valid_until: '2026-03-02T12:00:00.000Z' } });
    expect(when(state, { type: 'PingWebhook', id, scope: CATALOG })).toEqual({ type: 'WebhookPinged', data: { id } });
    expect(when(state, { type: 'ReplayWebhook', id, scope: CATALOG, from: { position: 42 } })).toEqual({
      type: 'WebhookReplayRequested',
      data: { id, from: { position: 42 } },
    });
    const disable = { type: 'DisableWebhook' as const, id, scope: CATALOG, failingSince: '2026-02-24T12:00:00.000Z' };
    const disabled = when(state, disable);
    expect(disabled).toEqual({ type: 'WebhookDisabled', data: { id, failing_since: '2026-02-24T12:00:00.000Z' } });
    const after = given(created(id, CATALOG), rotated as WebhookEvent, disabled as WebhookEvent);
    expect(after).toMatchObject({ status: 'live', active: false, previous_secret_valid_until: '2026-03-02T12:00:00.000Z', version: 3 });
    expect(when(after, disable)).toBeNull();
  });

  it('matches event types exactly or by the family wildcard', () => {
    expect(webhookWants(['catalog.*'], 'catalog.PackageCreated')).toBe(true);
    expect(webhookWants(['catalog.*'], 'accounts.PackageCreated')).toBe(false);
    expect(webhookWants(['accounts.PackageStateChanged'], 'accounts.PackageStateChanged')).toBe(true);
    expect(webhookWants(['accounts.PackageStateChanged'], 'accounts.PackageCreated')).toBe(false);
  });
});
