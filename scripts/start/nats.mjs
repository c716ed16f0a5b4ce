// NATS for `npm start`: NATS_URL when set (it must answer), else a nats-server from PATH with
// JetStream storing in .local/nats, reused on the next start.
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { findOnPath, NATS_INSTALL_HINT } from '../lib/nats-binary.mjs';
import { redactCredentials } from '../lib/redact.mjs';
import { spawnChild } from './children.mjs';

const READY_TIMEOUT_MS = 15_000;

/** Resolves when one of NATS_URL's servers greets with INFO; throws naming NATS_URL otherwise. */
export async function checkNatsUrl(natsUrl) {
  const failures = [];
  for (const server of natsUrl.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      return await greet(server);
    } catch (err) {
      failures.push(redactCredentials(`${server}: ${err.message}`));
    }
  }
  throw new Error(`NATS_URL does not answer (${redactCredentials(natsUrl)}): ${failures.join('; ') || 'no server in it'}`);
}

function greet(server) {
  const url = new URL(server.includes('://') ? server : `nats://${server}`);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 4222) });
    socket.setTimeout(3000, () => socket.destroy(new Error('no answer within 3 s')));
    socket.once('error', reject);
    socket.once('data', (chunk) => {
      socket.destroy();
      if (chunk.toString().startsWith('INFO')) resolve();
      else reject(new Error('answered, but not as a NATS server'));
    });
  });
}

/** Spawns nats-server with JetStream in `dir`; resolves once it logs "Server is ready". */
export async function startNatsServer({ dir, port, track }) {
  if (!findOnPath('nats-server')) throw new Error(`NATS_URL is not set, so npm start runs its own nats-server.\n${NATS_INSTALL_HINT}\nOr set NATS_URL to a running server with JetStream.`);
  mkdirSync(dir, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir];
  const nats = spawnChild({ name: 'nats', command: 'nats-server', args, echo: false });
  track(nats);
  await nats.waitForLine(/Server is ready/, READY_TIMEOUT_MS);
  return { url: `nats://127.0.0.1:${port}` };
}
