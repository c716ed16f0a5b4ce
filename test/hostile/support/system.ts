// The whole system as it ships, over real sockets: a private nats-server, a fresh Postgres
// database, the built command service (verifier on) and the built projection service.
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { SECRET, startCommandService, startService, type CommandProcess } from '../../e2e/command-service.harness.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startNats, type NatsServer } from '../../support/nats-server.js';

export const STREAM = 'ARTIFACTS';
export { SECRET };

export type ServiceProcess = Pick<CommandProcess, 'baseUrl' | 'output' | 'stop'>;

export type System = {
  nats: NatsServer;
  db: TestDatabase;
  pool: pg.Pool;
  nc: NatsConnection;
  jsm: JetStreamManager;
  command: CommandProcess;
  query: ServiceProcess;
  /** Extra processes started later (e.g. a JWKS-configured pair) are stopped with the system. */
  adopt(process: ServiceProcess): void;
  stop(): Promise<void>;
};

export async function startSystem(env: Record<string, string> = {}): Promise<System> {
  const nats = await startNats();
  const db = await createTestDatabase();
  const shared = { NATS_URL: nats.url, EVENT_STREAM: STREAM, ...env };
  const command = await startCommandService(shared);
  const query = await startProjectionService({ ...shared, DATABASE_URL: db.url });
  const nc = await connect({ servers: nats.url });
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  // DROP DATABASE … WITH (FORCE) at the end terminates any session still open: not a test failure.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const extra: ServiceProcess[] = [];
  return {
    nats,
    db,
    pool,
    nc,
    jsm: await jetstreamManager(nc),
    command,
    query,
    adopt: (process) => extra.push(process),
    stop: async () => {
      await Promise.all([command.stop(), query.stop(), ...extra.map((p) => p.stop())]);
      await nc.close();
      await pool.end();
      await db.drop();
      await nats.stop();
    },
  };
}

/** The built projection service (`dist/`), as `npm start` runs it. */
export const startProjectionService = (env: Record<string, string>): Promise<ServiceProcess> =>
  startService('projection-service', { PROJECTOR_LOCK_RETRY: '200ms', ...env });
