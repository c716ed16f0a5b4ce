import { pathToFileURL } from 'node:url';
import { readCommandLine, USAGE_ERROR, type CommandLineSpec } from '../../../scripts/lib/command-line.mjs';
import { startProgress } from '../../../scripts/lib/progress.mjs';
import { loadNatsConfig, type NatsConfig } from '../../nats/src/nats.config.js';
import { connectNats } from '../../nats/src/nats.connection.js';
import { listDeadLetters, replayDeadLetters, type DlqTarget } from './dlq.js';

/** `nats`: credentials and TLS (NATS_USER/NATS_PASSWORD, NATS_CREDS_FILE, NATS_TLS_*), as the services take them. */
export type DlqCliConfig = { natsUrl: string; stream: string; nats?: NatsConfig };
export type DlqCliOutput = { out: (line: string) => void; err: (line: string) => void };

export const DLQ_COMMAND_LINE: CommandLineSpec = {
  name: 'dlq',
  usage: `usage: npm run dlq -- list <subscriber> [--json] | replay <subscriber>
       node dist/libs/jetstream-transport/src/dlq.cli.js ...   (in the image)

  list <subscriber>     print the subscriber's dead letters (--json: as a JSON array)
  replay <subscriber>   redeliver them to that subscriber only; the event stream is never written.
                        Shows progress (moved / total, events/s, ETA) at least every 2 s.

Environment: NATS_URL (default nats://127.0.0.1:4222), EVENT_STREAM (default ARTIFACTS).`,
  options: { json: { type: 'boolean' } },
  positionals: { min: 2, max: 2 },
  validate: ({ values, positionals: [command] }) =>
    command !== 'list' && command !== 'replay' ? `unknown command '${command}': use list or replay`
    : values['json'] && command !== 'list' ? '--json only applies to list'
    : undefined,
};

/** The CLI's only reading of the environment. */
export const loadDlqConfig = (env: NodeJS.ProcessEnv): DlqCliConfig => {
  const natsUrl = env.NATS_URL || 'nats://127.0.0.1:4222';
  // On a secured NATS (compose, Kubernetes) the operator's user: moving dead letters deletes them.
  return { natsUrl, stream: env.EVENT_STREAM ?? 'ARTIFACTS', nats: loadNatsConfig({ ...env, NATS_URL: natsUrl }) };
};

const CONSOLE: DlqCliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs `list` or `replay`; returns the process exit code (2 for a usage error). */
export async function runDlqCli(args: string[], config: DlqCliConfig, io: DlqCliOutput = CONSOLE): Promise<number> {
  const line = readCommandLine(args, DLQ_COMMAND_LINE);
  if ('help' in line) {
    io.out(DLQ_COMMAND_LINE.usage);
    return 0;
  }
  if ('error' in line) {
    io.err(`dlq: ${line.error}\n${DLQ_COMMAND_LINE.usage.split('\n')[0]}\n(--help for more)`);
    return USAGE_ERROR;
  }
  const [command, subscriber = ''] = line.positionals;
  const nc = await connectNats(config.nats ?? loadNatsConfig({ NATS_URL: config.natsUrl }), 'dlq');
  try {
    const target: DlqTarget = { stream: config.stream, subscriber };
    if (command === 'replay') {
      const progress = startProgress({ label: `replay to ${subscriber}` });
      const moved = await replayDeadLetters(nc, target, (done, total) => progress.update(done, total)).finally(() => progress.stop());
      io.out(`replayed ${moved} dead letter(s) to ${subscriber}`);
      return 0;
    }
    const letters = await listDeadLetters(nc, target);
    if (line.values['json']) io.out(JSON.stringify(letters, null, 2));
    else for (const l of letters) io.out(`#${l.dlqSequence} ${l.time} ${l.type} ${l.subject}#${l.sequence} after ${l.deliveries}: ${l.error}`);
    if (!line.values['json']) io.out(`${letters.length} dead letter(s) for ${subscriber}`);
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
      console.error(`dlq: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
