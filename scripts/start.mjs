#!/usr/bin/env node
// `npm start`: brings the whole system up locally (SPEC §8). Builds dist/, then hands over to the
// supervisor (scripts/start/supervisor.mjs), which runs in its own process group: a Ctrl-C
// reaches only this script, which asks the supervisor to stop everything in order and waits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { parseCommandLine } from './lib/command-line.mjs';
import { root } from './lib/paths.mjs';

parseCommandLine(process.argv.slice(2), {
  name: 'npm start',
  usage: `usage: npm start

Builds dist/ and brings the whole system up locally: NATS (NATS_URL, else a nats-server from PATH
with its data in .local/), Postgres (DATABASE_URL, else an embedded one in .local/), both services
and the gateway. Ports default to COMMAND_PORT 3000, QUERY_PORT 3001, GATEWAY_PORT 8080 and move to
free ones when taken. Prints the URLs and a development token; Ctrl-C stops everything it started.
Settings come from the environment, then .env (see .env.example).`,
  options: {},
});

const envFile = join(root, '.env');
if (existsSync(envFile)) {
  // Values already in the environment win over .env.
  process.loadEnvFile(envFile);
  console.log('npm start: read .env');
}

console.log('npm start: building dist/');
try {
  build();
} catch (err) {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
}

const supervisor = spawn(process.execPath, [fileURLToPath(new URL('start/supervisor.mjs', import.meta.url))], {
  cwd: root,
  detached: true,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
let asked = false;
const stop = () => {
  if (asked) return console.log('npm start: still stopping…');
  asked = true;
  if (supervisor.connected) supervisor.send('stop');
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
supervisor.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
