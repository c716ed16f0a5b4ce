import { randomBytes } from 'node:crypto';
import { signDevToken } from '../../../libs/http/src/auth/dev-token.js';
import { freePort } from '../../support/nats-server.js';
import { ManagedProcess } from './managed-process.js';
import { startPostgresServer, type PostgresServer } from './postgres-server.js';
import { waitUntil } from './wait.js';

export const SECRET = 'reliability-secret-that-is-at-least-32-bytes';
export const ACTOR = '5b0c3a2e-8f1d-4e6a-9c7b-2d4e6f8a0b1c';

export type SystemOptions = {
  /** Comma-separated NATS URLs (one node, or the three of a cluster). */
  natsUrl: string;
  commandServices: number;
  subscriber: boolean;
  streamReplicas?: number;
  projectionEnv?: Record<string, string>;
  commandEnv?: Record<string, string>;
  /** Reuse a Postgres (the cluster suite's is never killed); else one of our own. */
  postgres?: PostgresServer;
};

export type System = {
  pg: PostgresServer;
  databaseUrl: string;
  commands: ManagedProcess[];
  projection: ManagedProcess;
  subscriber: ManagedProcess | undefined;
  /** Stream sequences the example subscriber printed (count per sequence). */
  subscriberSeen: Map<number, number>;
  commandUrls: string[];
  queryUrl: string;
  token: string;
  /** The projection service's environment: another replica on the same database takes it with its own QUERY_PORT. */
  projectionEnv(): Record<string, string>;
  ready(): Promise<void>;
  stop(): Promise<void>;
};

/** Postgres, the command-service processes (with the verifier), the projection service and the example subscriber. */
export async function startSystem(options: SystemOptions): Promise<System> {
  const pg = options.postgres ?? (await startPostgresServer());
  const databaseUrl = await pg.createDatabase(`register_${randomBytes(4).toString('hex')}`);
  const common = { NATS_URL: options.natsUrl, AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'warn', STREAM_REPLICAS: String(options.streamReplicas ?? 1) };
  const commandPorts = await Promise.all(Array.from({ length: options.commandServices }, () => freePort()));
  const commands = commandPorts.map(
    (port, i) =>
      new ManagedProcess({
        name: `command-service-${i + 1}`,
        script: 'dist/apps/command-service/src/main.js',
        // A short lease: a retry after a crash takes the command over quickly.
        env: () => ({ ...common, COMMAND_PORT: String(port), IDEMPOTENCY_LEASE: '2s', ...options.commandEnv }),
        healthUrl: `http://127.0.0.1:${port}/health/ready`,
      }),
  );
  const queryPort = await freePort();
  const projectionEnv = (): Record<string, string> => ({ ...common, DATABASE_URL: databaseUrl, QUERY_PORT: String(queryPort), PROJECTOR_LOCK_RETRY: '500ms', ...options.projectionEnv });
  const projection = new ManagedProcess({
    name: 'projection-service',
    script: 'dist/apps/projection-service/src/main.js',
    env: projectionEnv,
    healthUrl: `http://127.0.0.1:${queryPort}/health/live`,
  });
  const subscriberSeen = new Map<number, number>();
  const subscriber = options.subscriber ? exampleSubscriber(options.natsUrl, subscriberSeen) : undefined;
  for (const command of commands) await command.start();
  await projection.start();
  await subscriber?.start();
  const commandUrls = commandPorts.map((port) => `http://127.0.0.1:${port}`);
  const queryUrl = `http://127.0.0.1:${queryPort}`;
  const processes = [...commands, projection, ...(subscriber ? [subscriber] : [])];
  const ready = async (): Promise<void> => {
    const urls = [...commandUrls.map((u) => `${u}/health/ready`), `${queryUrl}/health/ready`];
    let last: string[] = [];
    const check = async (): Promise<boolean> => {
      last = await Promise.all(urls.map(async (u) => fetch(u).then(async (r) => (r.ok ? '' : `${u} ${r.status} ${await r.text()}`), (e: unknown) => `${u} ${String(e)}`)));
      return last.every((l) => l === '') && processes.every((p) => p.running);
    };
    await waitUntil(check, 120_000, 'system ready', 100).catch((err: unknown) => {
      const tails = processes.map((p) => `--- ${p.name} (${p.running ? 'running' : 'down'}):\n${p.output().slice(-1500)}`);
      throw new Error(`${String(err)}\n${last.filter(Boolean).join('\n')}\n${tails.join('\n')}`);
    });
  };
  const token = await signDevToken({ secret: SECRET, sub: ACTOR, role: 'owner', accounts: ['*'], ttl: '3h' });
  return {
    pg,
    databaseUrl,
    commands,
    projection,
    subscriber,
    subscriberSeen,
    commandUrls,
    queryUrl,
    token,
    projectionEnv,
    ready,
    stop: async () => {
      await Promise.all([...commands, projection, ...(subscriber ? [subscriber] : [])].map((p) => p.stop()));
      if (!options.postgres) await pg.stop();
    },
  };
}

/** examples/subscriber: prints `#<seq> …` for every accounts.PackageStateChanged it handles. */
function exampleSubscriber(natsUrl: string, seen: Map<number, number>): ManagedProcess {
  let partial = '';
  return new ManagedProcess({
    name: 'example-subscriber',
    script: 'dist/examples/subscriber/main.js',
    env: () => ({ NATS_URL: natsUrl, SUBSCRIBER: 'reliability-printer' }),
    // Up once listening: a boot that finds NATS down (killed by the chaos loop meanwhile) is retried, as for the services.
    readyOutput: /^listening on /m,
    onOutput: (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const seq = /^#(\d+) /.exec(line)?.[1];
        if (seq) seen.set(Number(seq), (seen.get(Number(seq)) ?? 0) + 1);
      }
    },
  });
}
