import { hostname } from 'node:os';
import pg from 'pg';
import { redactCredentials } from '../../../../libs/http/src/config/redact.js';

/** Postgres did not answer at boot; the message names the URL tried (without its password). */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

const INT8_OID = 20;

/**
 * `bigint` columns (stream sequences, versions) come back as JS numbers: stream sequences stay far
 * below 2^53, and every consumer of these rows wants to do arithmetic on them.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * TCP keepalive on every connection: a peer that vanished (host gone, network partition, NAT timeout)
 * is noticed in about 10 s + 9 probes instead of the kernel's default of over two hours. The lock
 * and LISTEN connections sit idle for hours by design, so without it they could hold a dead socket.
 */
const KEEPALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

/**
 * `application_name` of a connection: its role, then the process's host name and pid
 * (`projector-lock projection-service-5c9d7-x2k4q/1`), so pg_stat_activity tells which replica
 * holds the projector's lock or has a batch open. The host name comes first: under Kubernetes it is
 * the pod's name and every container's pid is 1. Postgres keeps 63 bytes of it.
 */
export function applicationName(role: string): string {
  return `${role} ${hostname()}/${process.pid}`.slice(0, 63);
}

export type PoolOptions = {
  url: string;
  max: number;
  /** The role in `application_name` (default `projection-service`). */
  applicationName?: string;
  onIdleError?: (err: Error) => void;
};

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    types,
    connectionTimeoutMillis: 10_000,
    application_name: applicationName(options.applicationName ?? 'projection-service'),
    ...KEEPALIVE,
  });
  // An idle connection the server closed (restart, failover, admin) is dropped from the pool and
  // replaced on next use; without a listener, pg would turn it into an uncaught exception.
  pool.on('error', (err) => options.onIdleError?.(err));
  // A checked-out connection that dies mid-query also emits 'error' on its client (the query itself
  // rejects, and the batch is retried); the pool's listener covers idle clients only.
  pool.on('connect', (client) => client.on('error', (err) => options.onIdleError?.(err)));
  return pool;
}

/** A dedicated connection (advisory lock holder, LISTEN), outside the pool so it is never shared. */
export function createClient(url: string, role: string): pg.Client {
  return new pg.Client({ connectionString: url, types, connectionTimeoutMillis: 10_000, application_name: applicationName(role), ...KEEPALIVE });
}

/** One round trip at boot so a wrong or dead DATABASE_URL stops the process with the URL in the message. */
export async function assertDatabaseAnswers(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(redactCredentials(`Postgres at ${url} does not answer: ${reason}`), { cause: err });
  }
}
