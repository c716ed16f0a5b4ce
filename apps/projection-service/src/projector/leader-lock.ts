import type pg from 'pg';
import { createClient } from '../database/database.js';

/**
 * "One active projector": a session-level advisory lock held on a connection of its own for as long
 * as this process projects. If that connection dies, Postgres releases the lock and `onLost` fires;
 * the checkpoint row lock in each batch keeps a second projector from double-applying meanwhile.
 */
export class LeaderLock {
  private client: pg.Client | undefined;
  private held = false;

  constructor(
    private readonly url: string,
    private readonly name: string,
    private readonly onLost: (err: Error) => void,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  async tryAcquire(): Promise<boolean> {
    const client = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      this.lockName(),
    ]);
    this.held = rows[0]?.locked === true;
    return this.held;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    // Closing the session releases the lock; an explicit unlock first makes it immediate.
    await client?.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockName()]).catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private lockName(): string {
    return `artifact-register:projector:${this.name}`;
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = createClient(this.url, 'projector-lock');
    const lost = (err: Error): void => {
      if (this.client !== client) return;
      this.client = undefined;
      const wasHeld = this.held;
      this.held = false;
      if (wasHeld) this.onLost(err);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('projector lock connection closed')));
    await client.connect();
    this.client = client;
    return client;
  }
}
