import { randomUUID } from 'node:crypto';
import { isLowerUuid } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import { NotFoundError, ValidationError } from '../../../../libs/domain/src/errors.js';
import { ServiceUnavailableError } from '../../../../libs/http/src/errors/http.errors.js';
import type { WebhookBody, WebhookCommand, WebhookScope } from '../../../../libs/domain/src/webhooks/webhook.commands.js';
import type { ReplayStart, WebhookEvent } from '../../../../libs/domain/src/webhooks/webhook.events.js';
import type { WebhookState } from '../../../../libs/domain/src/webhooks/webhook.state.js';
import { AppendOutcomeUnknownError } from '../../../../libs/event-store/src/event-store.js';
import { accountWebhookSubject, catalogWebhookSubject } from '../../../../libs/event-store/src/subjects.js';
import { checkWebhookUrl, DestinationRefused, DestinationUnresolvable, resolveDestination, type DestinationPolicy } from '../../../../libs/webhooks/src/destination.js';
import type { WebhookSecrets } from '../../../../libs/webhooks/src/secret-store.js';
import type { CommandResult } from '../pipeline/command-pipeline.js';
import { checkBodyShape } from '../validation/body-shape.js';
import { runWrite, type WriteFamily, type WritePlan } from '../write/run-write.js';
import { newWriteIds, type WriteRequest } from '../write/write-request.js';
import { accepted, created, noContent, ok, type StoredResponse } from '../write/write-response.js';
import { CreateWebhookDto, ReplayWebhookDto, SERVER_OWNED, UpdateWebhookDto } from './webhook.dto.js';
import { webhookBody } from '../../../../libs/webhooks/src/registration-body.js';
import { rotatedUntil, webhookLocation } from './webhook.presenter.js';

export type WebhookWrites = WriteFamily<WebhookState, WebhookEvent, WebhookCommand>;
type Result = CommandResult<WebhookState, WebhookEvent>;
type Plan = WritePlan<WebhookState, WebhookEvent, WebhookCommand>;

/** Retry-After of a registration whose url's host the resolver could not answer for now. */
const LOOKUP_RETRY_AFTER_SECONDS = 5;

/**
 * The webhook writes of one family (SPEC §10). Secrets never enter the stream: a create issues one
 * in the secrets bucket before its append, a rotation makes the new one after its event is stored;
 * both answers add it, and nothing else ever shows it.
 */
export class WebhookCommands {
  constructor(
    private readonly writes: WebhookWrites,
    private readonly secrets: WebhookSecrets,
    private readonly destinations: DestinationPolicy,
  ) {}

  async create(request: WriteRequest, scope: WebhookScope): Promise<StoredResponse> {
    const fresh = { ...newWriteIds(), id: randomUUID() };
    let issued: string | undefined;
    try {
      const response = await runWrite(this.writes, request, fresh, async ({ id = '' }, ctx) => {
        const body = checkBodyShape(CreateWebhookDto, request.body, SERVER_OWNED) as WebhookBody;
        await this.checkDestination(body.url);
        issued = id;
        await this.secrets.issue(id);
        return plan(scope, id, { type: 'CreateWebhook', id, scope, body, ...ctx }, (result) =>
          created(webhookBody(live(result, id)), webhookLocation(request.url, scope.family, scope.account_id, id), result),
        true);
      });
      return await this.withSecret(response, 201, (id) => this.secrets.issue(id));
    } catch (err) {
      // A refused create leaves no secret behind; one whose append got no verdict keeps it for the retry.
      if (issued !== undefined && !(err instanceof AppendOutcomeUnknownError)) await this.secrets.remove(issued).catch(() => undefined);
      throw err;
    }
  }

  update(request: WriteRequest, scope: WebhookScope, ref: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(UpdateWebhookDto, request.body) as WebhookBody & { id?: string | null };
      const id = existing(ref);
      await this.checkDestination(body.url);
      return plan(scope, id, { type: 'UpdateWebhook', id, scope, body, ...ctx }, (result) => ok(webhookBody(live(result, id)), result));
    });
  }

  async remove(request: WriteRequest, scope: WebhookScope, ref: string): Promise<StoredResponse> {
    const response = await runWrite(this.writes, request, newWriteIds(), (_, ctx) => {
      const id = existing(ref);
      return plan(scope, id, { type: 'DeleteWebhook', id, scope, ...ctx }, noContent);
    });
    if (response.status === 204) await this.secrets.remove(ref).catch(() => undefined);
    return response;
  }

  /** The event first (so a refused rotation changes nothing), then the secret, named by the new version. */
  async rotate(request: WriteRequest, scope: WebhookScope, ref: string): Promise<StoredResponse> {
    const response = await runWrite(this.writes, request, newWriteIds(), (_, ctx) => {
      const id = existing(ref);
      return plan(scope, id, { type: 'RotateWebhookSecret', id, scope, ...ctx }, (result) => ok(webhookBody(live(result, id)), result));
    });
    return this.withSecret(response, 200, (id) => this.secrets.rotate(id, rotatedUntil(response.body) ?? '', response.headers['ETag']));
  }

  ping(request: WriteRequest, scope: WebhookScope, ref: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), (_, ctx) => {
      const id = existing(ref);
      return plan(scope, id, { type: 'PingWebhook', id, scope, ...ctx }, accepted);
    });
  }

  replay(request: WriteRequest, scope: WebhookScope, ref: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), (_, ctx) => {
      const { from } = checkBodyShape(ReplayWebhookDto, request.body);
      const id = existing(ref);
      return plan(scope, id, { type: 'ReplayWebhook', id, scope, from: replayStart(from), ...ctx }, accepted);
    });
  }

  /** Shape rules, then where the URL leads: a private address is refused after DNS resolution too. */
  private async checkDestination(url: unknown): Promise<void> {
    if (typeof url !== 'string') return;
    try {
      await resolveDestination(checkWebhookUrl(url, this.destinations), this.destinations);
    } catch (err) {
      if (err instanceof DestinationRefused) throw new ValidationError([{ path: 'url', message: err.message, value: url }]);
      // Neither the client's mistake nor a verdict: nothing was written, and a retry may resolve it.
      if (err instanceof DestinationUnresolvable) throw new ServiceUnavailableError(LOOKUP_RETRY_AFTER_SECONDS, `${err.message}; retry the request.`);
      throw err;
    }
  }

  private async withSecret(response: StoredResponse, status: number, secret: (id: string) => Promise<string>): Promise<StoredResponse> {
    const body = response.body as Record<string, unknown> | undefined;
    if (response.status !== status || typeof body?.['id'] !== 'string') return response;
    return { ...response, body: { ...body, secret: await secret(body['id']) } };
  }
}

const plan = (scope: WebhookScope, id: string, command: WebhookCommand, respond: (result: Result) => StoredResponse, isNew = false): Plan => ({
  target: {
    subject: scope.family === 'catalog' ? catalogWebhookSubject(id) : accountWebhookSubject(scope.account_id ?? '', id),
    aggregateId: id,
    ...(scope.account_id !== undefined && { accountId: scope.account_id }),
    ...(isNew && { isNew: true }),
  },
  command,
  respond,
});

/** A malformed id names no webhook (404), like a missing one. */
function existing(ref: string): string {
  if (!isLowerUuid(ref)) throw new NotFoundError('Webhook', ref);
  return ref;
}

function live(result: Result, id: string) {
  if (result.state.status !== 'live') throw new NotFoundError('Webhook', id);
  return result.state;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** `from`: a stream position (a positive integer, or its decimal text) or an RFC 3339 time. */
export function replayStart(from: unknown): ReplayStart {
  if (typeof from === 'number' && Number.isSafeInteger(from) && from >= 1) return { position: from };
  if (typeof from === 'string' && /^[1-9]\d{0,15}$/.test(from)) return { position: Number(from) };
  if (typeof from === 'string' && RFC3339.test(from) && !Number.isNaN(Date.parse(from))) return { time: new Date(from).toISOString() };
  throw new ValidationError([{ path: 'from', message: 'must be a stream position (an integer ≥ 1) or an RFC 3339 time', value: from }]);
}
