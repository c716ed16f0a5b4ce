#!/usr/bin/env node
// `npm test`: builds dist/ (end-to-end tests run the compiled services), then runs the unit and
// integration jest projects. Extra arguments go to jest: `npm test -- libs/domain`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from './build.mjs';
import { NATS_INSTALL_HINT, natsServerAvailable } from './lib/nats-binary.mjs';
import { root } from './lib/paths.mjs';

if (!natsServerAvailable()) {
  const missing = process.env.NATS_SERVER_BIN ? `NATS_SERVER_BIN (${process.env.NATS_SERVER_BIN}) is not an executable file.` : NATS_INSTALL_HINT;
  console.error(`npm test: the integration tests start their own nats-server.\n${missing}`);
  process.exit(1);
}

try {
  build();
} catch (err) {
  console.error(`npm test: ${err.message}`);
  process.exit(1);
}

const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
const nodeOptions = [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
const args = process.argv.slice(2);
// --selectProjects takes every following word as a project name: put the user's paths first.
const projects = args.includes('--selectProjects') ? [] : ['--selectProjects', 'unit', 'integration'];
// Every test stops the servers it starts; --forceExit keeps one leftover socket or timer from holding
// the finished run open (jest names it with --detectOpenHandles).
const child = spawn(process.execPath, [jest, '--forceExit', ...args, ...projects], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions.filter(Boolean).join(' ') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
