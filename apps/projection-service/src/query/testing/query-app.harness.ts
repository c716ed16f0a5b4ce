// Boots the projection service as main.ts does (AppModule: projector, waiter, query routes) behind
// the HTTP edge on a free port, over a private nats-server and a fresh database.
import { signDevToken } from '../../../../../libs/http/src/auth/dev-token.js';
import type { Role } from '../../../../../libs/http/src/auth/principal.js';
import { startEdgeTestApp, TEST_SECRET, type EdgeTestApp } from '../../../../../libs/http/src/testing/edge-test-app.js';
import { connectNats } from '../../../../../libs/nats/src/nats.connection.js';
import { AppModule } from '../../app.module.js';
import { loadConfig } from '../../config.js';
import { createPool } from '../../database/database.js';
import { Projector } from '../../projector/projector.js';
import type { Outgoing } from '../../testing/event.factories.js';
import { closeDatabase, freshDatabase, publish, silentLogger, startStream, STREAM, type Db, type Nats } from '../../testing/projection.harness.js';

export type QueryApp = {
  baseUrl: string;
  db: Db;
  /** Publishes as the command service does; resolves to the stream sequences (consistency tokens). */
  publish(events: Outgoing[]): Promise<number[]>;
  token(role: Role, accounts?: readonly string[] | ['*'], sub?: string): Promise<string>;
  /** Stops the projector for good, so later positions are never reached (the 503 path). */
  stopProjector(): Promise<void>;
  close(): Promise<void>;
};

export async function startQueryApp(options: { consistencyWaitMs?: number; responseLimitBytes?: number } = {}): Promise<QueryApp> {
  const [nats, db]: [Nats, Db] = await Promise.all([startStream(), freshDatabase()]);
  const config = loadConfig({
    NATS_URL: nats.server.url,
    DATABASE_URL: db.url,
    AUTH_JWT_SECRET: TEST_SECRET,
    EVENT_STREAM: STREAM,
    CONSISTENCY_WAIT_MS: String(options.consistencyWaitMs ?? 5000),
    PROJECTOR_LOCK_RETRY: '100ms',
    LOG_LEVEL: 'silent',
    ...(options.responseLimitBytes !== undefined && { RESPONSE_LIMIT_BYTES: String(options.responseLimitBytes) }),
  });
  const nc = await connectNats(config.nats, 'projection-service-test');
  const pool = createPool({ url: db.url, max: 4 });
  // The module main.ts boots: the query routes must be wired there, not only here.
  const module = AppModule.forRoot({ config, nc, pool, logger: silentLogger });
  const edge: EdgeTestApp = await startEdgeTestApp(module, { env: { LOG_LEVEL: 'silent' }, service: 'projection-service' });
  return {
    baseUrl: edge.baseUrl,
    db,
    publish: (events) => publish(nats.js, events),
    token: (role, accounts = [], sub = '3b2d7a4e-0000-4000-8000-00000000000a') =>
      signDevToken({ secret: TEST_SECRET, sub, role, accounts, ttl: '10m' }),
    stopProjector: () => edge.app.get(Projector).stop(),
    close: async () => {
      await edge.close();
      await nats.nc.close();
      await nats.server.stop();
      await closeDatabase(db);
    },
  };
}

export type Answer = { status: number; headers: Headers; body: unknown; text: string };

/** One HTTP request over a real socket; the body is parsed when it is JSON. */
export async function call(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '') && text !== '';
  return { status: response.status, headers: response.headers, body: json ? (JSON.parse(text) as unknown) : undefined, text };
}
