import type pg from 'pg';
import { createClient } from '../database/database.js';

/**
 * "One active projector": a session-level advisory lock held on a connection of its own for as long
 * as this process projects. If that connection dies, Postgres releases the lock and `onLost` fires;
 * the checkpoint row lock in each batch keeps a second projector from double-applying meanwhile.
 */
/** How often the holder checks that Postgres still counts the lock as its own. */
export const LOCK_VERIFY_MS = 2_000;

export class LeaderLock {
  private client: pg.Client | undefined;
  private held = false;
  private verifier: NodeJS.Timeout | undefined;

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
    if (this.held) this.verifyEvery(LOCK_VERIFY_MS);
    return this.held;
  }

  /**
   * True when this session still holds the lock. A lock can go without its connection reporting
   * an error (a socket that went half-open, a pooler that reconnected, an unlock by mistake): the
   * holder asks Postgres instead of trusting its flag. A check that fails or does not answer in
   * time counts as lost.
   */
  async verify(): Promise<boolean> {
    const client = this.client;
    if (!client || !this.held) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`lock check did not answer within ${LOCK_VERIFY_MS} ms`)), LOCK_VERIFY_MS);
    });
    try {
      const { rows } = await Promise.race([
        client.query<{ held: boolean }>(
          "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted) AS held",
        ),
        timeout,
      ]);
      if (rows[0]?.held === true) return true;
      this.lose(client, new Error('Postgres no longer counts the leader lock as held by this session'));
    } catch (err) {
      this.lose(client, err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearTimeout(timer);
    }
    return false;
  }

  private verifyEvery(ms: number): void {
    clearInterval(this.verifier);
    this.verifier = setInterval(() => void this.verify(), ms).unref();
  }

  /** Drops the connection (which frees whatever it still holds) and reports the loss once. */
  private lose(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    clearInterval(this.verifier);
    this.client = undefined;
    const wasHeld = this.held;
    this.held = false;
    void client.end().catch(() => undefined);
    if (wasHeld) this.onLost(err);
  }

  async release(): Promise<void> {
    clearInterval(this.verifier);
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
    const lost = (err: Error): void => this.lose(client, err);
    client.on('error', lost);
    client.on('end', () => lost(new Error('projector lock connection closed')));
    await client.connect();
    this.client = client;
    return client;
  }
}
