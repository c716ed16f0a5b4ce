import { pathToFileURL } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { listDeadLetters, replayDeadLetters, type DlqTarget } from './dlq.js';

export type DlqCliConfig = { natsUrl: string; stream: string };

const USAGE = 'usage: npm run dlq -- list <subscriber> [--json] | replay <subscriber>';

/** The CLI's only reading of the environment. */
export const loadDlqConfig = (env: NodeJS.ProcessEnv): DlqCliConfig => ({
  natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
  stream: env.EVENT_STREAM ?? 'ARTIFACTS',
});

/** Runs `list` or `replay`; returns the process exit code. */
export async function runDlqCli(args: string[], config: DlqCliConfig, print: (line: string) => void = console.log): Promise<number> {
  const [command, subscriber, flag] = args;
  if ((command !== 'list' && command !== 'replay') || !subscriber) {
    print(USAGE);
    return 2;
  }
  const nc = await connect({ servers: config.natsUrl });
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
