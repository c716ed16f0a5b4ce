import { delay } from '../support/wait.js';
import type { CommandKind, CommandLedger, CommandRecord } from './command-ledger.js';

/** The subjects the driver expects its commands' events on (written here, not taken from the services). */
export const catalogSubject = (id: string): string => `artifacts.catalog.${id}`;
export const accountsSubject = (account: string, id: string): string => `artifacts.accounts.${account}.${id}`;

export type Reply = { status: number; headers: Headers; body: Record<string, unknown> | undefined };

export type SendOptions = {
  kind: CommandKind;
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  subject?: string;
  headers?: Record<string, string>;
  /** Overrides the generated key (the concurrency suite reuses keys on purpose). */
  key?: string;
};

export type ClientOptions = {
  baseUrls: string[];
  token: string;
  runId: string;
  ledger: CommandLedger;
  /** Attempts per command; with the backoff below this bounds one command to about a minute. */
  maxAttempts?: number;
  attemptTimeoutMs?: number;
  /** Longest pause between two attempts (default 2 s). */
  maxBackoffMs?: number;
};

/**
 * Sends each command with an Idempotency-Key and the same key as X-Correlation-ID (so its event can
 * be found in the stream), retrying with that same key on every answer that is not definite:
 * no answer, a 5xx, or 409 + Retry-After (the first attempt still holds the key). Attempts rotate
 * over the command-service processes, as a load balancer would after a failure.
 */
export class CommandClient {
  private next = 0;
  private turn = 0;
  /** The record of this client's latest command (a client sends one command at a time). */
  lastRecord: CommandRecord | undefined;

  constructor(private readonly options: ClientOptions) {}

  async send(options: SendOptions): Promise<Reply | undefined> {
    const key = options.key ?? `${this.options.runId}-${++this.next}`;
    const record: CommandRecord = {
      key,
      kind: options.kind,
      subject: options.subject,
      outcome: 'unknown',
      status: 0,
      attempts: 0,
      ambiguous: 0,
      consistencyToken: undefined,
      etag: undefined,
    };
    this.options.ledger.add(record);
    this.lastRecord = record;
    const maxAttempts = this.options.maxAttempts ?? 60;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      record.attempts = attempt;
      const reply = await this.attempt(key, options);
      if (reply) record.status = reply.status;
      if (reply && isDefinite(reply)) return settle(record, reply, options.path);
      record.ambiguous++;
      const retryAfter = Number(reply?.headers.get('retry-after') ?? 0);
      await delay(Math.min(this.options.maxBackoffMs ?? 2000, retryAfter > 0 ? 250 : 50 * 2 ** Math.min(attempt, 5)));
    }
    return undefined;
  }

  private async attempt(key: string, options: SendOptions): Promise<Reply | undefined> {
    const baseUrl = this.options.baseUrls[this.turn++ % this.options.baseUrls.length] as string;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      'idempotency-key': key,
      'x-correlation-id': key,
      ...options.headers,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(`${baseUrl}${options.path}`, {
        method: options.method,
        headers,
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(this.options.attemptTimeoutMs ?? 15_000),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    } catch {
      return undefined;
    }
  }
}

const isDefinite = (reply: Reply): boolean => reply.status < 500 && !(reply.status === 409 && reply.headers.has('retry-after'));

/** The subject of the package a create made, from its path and the id in its answer. */
function createdSubject(kind: CommandRecord['kind'], path: string, reply: Reply): string | undefined {
  const id = reply.body?.id;
  if (typeof id !== 'string') return undefined;
  if (kind === 'catalog.create' && path === '/packages') return catalogSubject(id);
  const account = kind === 'accounts.create' ? /^\/accounts\/([^/]+)\/core\/v1\/packages$/.exec(path)?.[1] : undefined;
  return account ? accountsSubject(account, id) : undefined;
}

function settle(record: CommandRecord, reply: Reply, path: string): Reply {
  record.outcome = reply.status >= 200 && reply.status < 300 ? 'acked' : 'refused';
  if (record.outcome === 'acked') record.subject ??= createdSubject(record.kind, path, reply);
  const token = reply.headers.get('x-consistency-token');
  record.consistencyToken = token ? Number(token) : undefined;
  const etag = /^"(\d+)"$/.exec(reply.headers.get('etag') ?? '')?.[1];
  record.etag = etag ? Number(etag) : undefined;
  return reply;
}
