import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Every operator command as an operator types it (the npm scripts' own command lines): `--help`
// answers without doing anything, an unknown flag is refused with exit code 2 before anything starts.
const root = fileURLToPath(new URL('..', import.meta.url));
const COMMANDS: [string, string[]][] = [
  ['start', ['scripts/start.mjs']],
  ['token', ['scripts/token.mjs']],
  ['bench', ['bench/run.mjs']],
  ['dlq', ['scripts/run-built.mjs', 'libs/jetstream-transport/src/dlq.cli.ts']],
  ['projections:rebuild', ['scripts/run-built.mjs', 'apps/projection-service/src/rebuild.ts']],
  ['example:subscriber', ['scripts/run-built.mjs', 'examples/subscriber/main.ts']],
];

// Nothing may reach a real server if a command ignored its arguments: point every URL at a closed port.
const env = { ...process.env, NATS_URL: 'nats://127.0.0.1:1', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', NODE_OPTIONS: '' };
const run = (argv: string[]) => spawnSync(process.execPath, argv, { cwd: root, env, encoding: 'utf8', timeout: 30_000 });

describe('operator commands', () => {
  it.each(COMMANDS)('%s --help prints its usage and exits 0', (_name, argv) => {
    const result = run([...argv, '--help']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: /);
  });

  it.each(COMMANDS)('%s refuses an unknown flag with exit code 2 and says which', (name, argv) => {
    const result = run([...argv, '--no-such-flag']);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
    expect(result.stderr).toContain("Unknown option '--no-such-flag'");
    expect(result.stderr).toContain('usage: ');
    expect(result.stderr.startsWith(name === 'start' ? 'npm start:' : `${name}:`)).toBe(true);
  });
});
