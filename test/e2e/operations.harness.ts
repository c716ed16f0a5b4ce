// The whole system as it ships, for the operations tests: a private nats-server, a fresh database,
// and the built command service, projection service and gateway as child processes whose JSON log
// lines the tests read (logs, metrics and signals are process-level behaviour).
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { startService, type ServiceName, type ServiceProcess } from './command-service.harness.js';

export const STREAM = 'ARTIFACTS';

export type LogLine = Record<string, unknown> & { msg?: string; correlationId?: string };

export type RunningProcess = ServiceProcess & {
  /** Every stdout line that parses as JSON (pino's lines). */
  logLines(): LogLine[];
};

/** `name` logging at info on the suite's stream, its JSON log lines readable. */
export async function startProcess(name: ServiceName, env: Record<string, string>): Promise<RunningProcess> {
  const service = await startService(name, { LOG_LEVEL: 'info', EVENT_STREAM: STREAM, ...env });
  return { ...service, logLines: () => parseLines(service.stdout()) };
}

function parseLines(text: string): LogLine[] {
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

export type System = {
  nats: NatsServer;
  db: TestDatabase;
  command: RunningProcess;
  query: RunningProcess;
  gateway?: RunningProcess;
  close(): Promise<void>;
};

/** NATS, a database, both services (and the gateway when asked), each on a free port. */
export async function startSystem(options: { gateway?: boolean; command?: Record<string, string>; query?: Record<string, string> } = {}): Promise<System> {
  const [nats, db] = await Promise.all([startNats(), createTestDatabase()]);
  const started: RunningProcess[] = [];
  const close = async () => {
    // Every process is stopped (or killed) and NATS and the database go, even when one hangs;
    // the hang is then reported.
    const stops = await Promise.allSettled(started.map((p) => p.stop()));
    await nats.stop();
    await db.drop();
    const failures = stops.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    if (failures.length > 0) throw new Error(failures.map((f) => f.message).join('\n\n'));
  };
  const start = async (name: ServiceName, env: Record<string, string>) => {
    const running = await startProcess(name, env);
    started.push(running);
    return running;
  };
  try {
    const command = await start('command-service', { NATS_URL: nats.url, ...options.command });
    const query = await start('projection-service', { NATS_URL: nats.url, DATABASE_URL: db.url, ...options.query });
    const gateway = options.gateway ? await start('gateway', { COMMAND_URL: command.baseUrl, QUERY_URL: query.baseUrl }) : undefined;
    return { nats, db, command, query, ...(gateway && { gateway }), close };
  } catch (err) {
    // A process that failed to start must not leave the others (and jest) running.
    await close().catch(() => undefined);
    throw err;
  }
}

/** Prometheus text → `name{labels}` → value (labels as printed, `service` included). */
export async function scrape(baseUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

/** The sum of every sample of `name` whose labels include all of `labels`. */
export function total(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of samples) {
    const [metric, rest = ''] = key.split('{');
    if (metric !== name) continue;
    if (Object.entries(labels).every(([k, v]) => rest.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}
