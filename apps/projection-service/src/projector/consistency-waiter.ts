import type pg from 'pg';
import type { Logger } from '../../../../libs/http/src/logging/logger.js';
import { createClient } from '../database/database.js';
import { CHECKPOINT_CHANNEL, parseNotification, readCheckpoint, type Checkpoint } from './checkpoint.js';
import { ConsistencyTimeoutError, ConsistencyTokenBeyondStreamError } from './consistency.errors.js';
import type { StreamPosition } from './stream-position.js';

export type ConsistencyWaiterOptions = {
  pool: pg.Pool;
  databaseUrl: string;
  checkpointName: string;
  stream: StreamPosition;
  /** CONSISTENCY_WAIT_MS. */
  waitMs: number;
  logger: Logger;
};

export type ProjectionLag = { checkpoint: number; streamLastSequence: number; events: number; seconds: number };

type Waiter = { position: number; resolve: () => void };

const RELISTEN_MS = 1000;

/**
 * Read-your-writes. Knows the checkpoint without polling: the local projector calls `advance` after
 * each commit; other replicas' commits arrive by LISTEN (their NOTIFY is sent inside the batch
 * transaction, so it is delivered exactly when the batch is visible). One read at start and after
 * each reconnect of the LISTEN connection covers what happened while not listening.
 */
export class ConsistencyWaiter {
  private current: Checkpoint = { position: 0, lastEventTime: null };
  private waiters: Waiter[] = [];
  private listener: pg.Client | undefined;
  private stopped = false;

  constructor(private readonly options: ConsistencyWaiterOptions) {}

  /** Reads waiting right now for a position not yet applied. */
  get waiting(): number {
    return this.waiters.length;
  }

  get checkpoint(): Checkpoint {
    return this.current;
  }

  async start(): Promise<void> {
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Moves the known checkpoint forward (never back) and releases the waiters it satisfies. */
  advance(checkpoint: Checkpoint): void {
    if (checkpoint.position < this.current.position) return;
    this.current = checkpoint;
    const due = this.waiters.filter((waiter) => waiter.position <= checkpoint.position);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > checkpoint.position);
    for (const waiter of due) waiter.resolve();
  }

  /**
   * Resolves once every read model has applied the stream up to `position`. Rejects at once with
   * ConsistencyTokenBeyondStreamError (400) when the stream has no such position, and with
   * ConsistencyTimeoutError (503) after `timeoutMs`.
   */
  async waitFor(position: number, timeoutMs = this.options.waitMs): Promise<void> {
    if (position <= this.current.position) return;
    const stream = this.options.stream;
    const last = (await stream.lastSequence()) >= position ? position : await stream.lastSequence(true);
    if (last < position) throw new ConsistencyTokenBeyondStreamError(String(position), last);
    if (position <= this.current.position) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        reject(new ConsistencyTimeoutError(position, timeoutMs));
      }, timeoutMs);
      const entry: Waiter = { position, resolve: () => (clearTimeout(timer), resolve()) };
      this.waiters.push(entry);
    });
  }

  /**
   * For `/health/ready` and the lag gauges. `seconds` is the age of the oldest event not yet applied
   * (how long it has waited in the stream), also before anything was ever applied; 0 when caught up.
   */
  async lag(): Promise<ProjectionLag> {
    const { stream } = this.options;
    const streamLastSequence = await stream.lastSequence();
    const { position } = this.current;
    const events = Math.max(0, streamLastSequence - position);
    const oldest = events > 0 ? await stream.timeAfter(position) : undefined;
    const seconds = oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0;
    return { checkpoint: position, streamLastSequence, events, seconds };
  }

  private async listen(): Promise<void> {
    const client = createClient(this.options.databaseUrl, 'consistency-listener');
    client.on('notification', (message) => {
      const note = parseNotification(message.payload);
      if (message.channel === CHECKPOINT_CHANNEL && note?.name === this.options.checkpointName) this.advance(note);
    });
    client.on('error', (err) => this.relisten(client, err));
    client.on('end', () => this.relisten(client, new Error('LISTEN connection closed')));
    await client.connect();
    await client.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
    this.listener = client;
    this.advance(await readCheckpoint(this.options.pool, this.options.checkpointName));
  }

  private relisten(client: pg.Client, err: Error): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = undefined;
    this.options.logger.warn({ err }, 'consistency LISTEN connection lost; reconnecting');
    client.end().catch(() => undefined);
    const retry = (): void => {
      if (this.stopped) return;
      this.listen().catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'consistency LISTEN reconnect failed');
        setTimeout(retry, RELISTEN_MS).unref();
      });
    };
    setTimeout(retry, RELISTEN_MS).unref();
  }
}
