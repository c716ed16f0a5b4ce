import { pathToFileURL } from 'node:url';
import { loadNatsConfig, type NatsConfig } from '../../nats/src/nats.config.js';
import { connectNats } from '../../nats/src/nats.connection.js';
import { listDeadLetters, replayDeadLetters, type DlqTarget } from './dlq.js';

/** `nats`: credentials and TLS (NATS_USER/NATS_PASSWORD, NATS_CREDS_FILE, NATS_TLS_*), as the services take them. */
export type DlqCliConfig = { natsUrl: string; stream: string; nats?: NatsConfig };

const USAGE = 'usage: npm run dlq -- list <subscriber> [--json] | replay <subscriber>';

/** The CLI's only reading of the environment. */
export const loadDlqConfig = (env: NodeJS.ProcessEnv): DlqCliConfig => {
  const natsUrl = env.NATS_URL || 'nats://127.0.0.1:4222';
  // On a secured NATS (compose, Kubernetes) the operator's user: moving dead letters deletes them.
  return { natsUrl, stream: env.EVENT_STREAM ?? 'ARTIFACTS', nats: loadNatsConfig({ ...env, NATS_URL: natsUrl }) };
};

/** Runs `list` or `replay`; returns the process exit code. */
export async function runDlqCli(args: string[], config: DlqCliConfig, print: (line: string) => void = console.log): Promise<number> {
  const [command, subscriber, flag] = args;
  if ((command !== 'list' && command !== 'replay') || !subscriber) {
    print(USAGE);
    return 2;
  }
  const nc = await connectNats(config.nats ?? loadNatsConfig({ NATS_URL: config.natsUrl }), 'dlq');
  try {
    const target: DlqTarget = { stream: config.stream, subscriber };
    if (command === 'replay') {
      const moved = await replayDeadLetters(nc, target);
      print(`replayed ${moved} dead letter(s) to ${subscriber}`);
      return 0;
    }
    const letters = await listDeadLetters(nc, target);
    if (flag === '--json') print(JSON.stringify(letters, null, 2));
    else for (const l of letters) print(`#${l.dlqSequence} ${l.time} ${l.type} ${l.subject}#${l.sequence} after ${l.deliveries}: ${l.error}`);
    if (flag !== '--json') print(`${letters.length} dead letter(s) for ${subscriber}`);
    return 0;
  } finally {
    await nc.close();
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  runDlqCli(process.argv.slice(2), loadDlqConfig(process.env)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
