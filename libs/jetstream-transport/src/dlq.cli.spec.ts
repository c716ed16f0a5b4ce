import { loadDlqConfig, runDlqCli } from './dlq.cli.js';

// A NATS URL nothing listens on: every case here must answer before connecting.
const config = { natsUrl: 'nats://127.0.0.1:1', stream: 'ARTIFACTS' };

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDlqCli(args, config, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('npm run dlq: the command line', () => {
  it('prints its usage on --help and exits 0 without connecting', async () => {
    const { code, out, err } = await run(['--help']);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out.join('\n')).toMatch(/^usage: npm run dlq -- list <subscriber> \[--json\] \| replay <subscriber>/);
  });

  it.each([
    [['purge', 'x'], "unknown command 'purge'"],
    [['list'], 'expected 2 argument(s), got 1'],
    [['list', 'x', '--bogus'], "Unknown option '--bogus'"],
    [['replay', 'x', '--json'], '--json only applies to list'],
    [['list', 'x', 'y'], "unexpected argument 'y'"],
  ])('refuses %j with exit code 2 and a message on stderr', async (args, message) => {
    const { code, out, err } = await run(args);
    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err.join('\n')).toContain(`dlq: ${message}`);
  });
});

describe('the dlq CLI configuration', () => {
  it('reaches a secured NATS with the credentials and TLS the services take', () => {
    const config = loadDlqConfig({ NATS_URL: 'tls://nats:4222', NATS_USER: 'admin', NATS_PASSWORD: 'pw', NATS_TLS_CA_FILE: '/ca.crt', EVENT_STREAM: 'X' });
    expect(config).toMatchObject({ natsUrl: 'tls://nats:4222', stream: 'X', nats: { user: 'admin', password: 'pw', tls: { caFile: '/ca.crt' } } });
  });

  it('defaults to a local server without credentials', () => {
    expect(loadDlqConfig({})).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', stream: 'ARTIFACTS', nats: { servers: ['nats://127.0.0.1:4222'] } });
  });
});
