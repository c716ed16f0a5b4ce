// The three processes `npm start` runs from dist/: both services, then the gateway if built.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '../lib/node-flags.mjs';
import { root } from '../lib/paths.mjs';
import { spawnChild } from './children.mjs';
import { choosePort } from './ports.mjs';

const READY_TIMEOUT_MS = 90_000;

export const SERVICES = [
  { name: 'command-service', key: 'COMMAND_PORT', port: 3000, entry: 'dist/apps/command-service/src/main.js' },
  { name: 'projection-service', key: 'QUERY_PORT', port: 3001, entry: 'dist/apps/projection-service/src/main.js' },
];
export const GATEWAY = { name: 'gateway', key: 'GATEWAY_PORT', port: 8080, entry: 'dist/apps/gateway/src/main.js' };

export const gatewayBuilt = () => existsSync(join(root, GATEWAY.entry));

/** Picks the ports and writes them, with the gateway's upstream URLs, into `env`. */
export async function assignPorts(env, say) {
  const taken = new Set();
  for (const service of [...SERVICES, ...(gatewayBuilt() ? [GATEWAY] : [])]) {
    const { port, note } = await choosePort(env, service.key, service.port, taken);
    if (note) say(note);
    taken.add(port);
    env[service.key] = String(port);
  }
  env.COMMAND_URL = `http://127.0.0.1:${env.COMMAND_PORT}`;
  env.QUERY_URL = `http://127.0.0.1:${env.QUERY_PORT}`;
}

export const serviceUrl = (env, service) => `http://127.0.0.1:${env[service.key]}`;

/** Spawns `service` and waits for its /health/ready; `track` registers it for shutdown first. */
export async function startService(service, env, track) {
  const entry = join(root, service.entry);
  if (!existsSync(entry)) throw new Error(`${service.entry} is missing after the build; is ${service.entry.split('/')[2]} written yet?`);
  const handle = spawnChild({ name: service.name, command: process.execPath, args: [...SERVICE_NODE_FLAGS, '--enable-source-maps', entry], env });
  track(handle);
  await handle.waitForHttp(`${serviceUrl(env, service)}/health/ready`, READY_TIMEOUT_MS);
  return handle;
}
