// Port choice for `npm start`: a port given in the environment must be free (an error otherwise);
// a default port that is taken moves to a free one, and the launcher says so.
import { createServer } from 'node:net';

function listenOn(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    // No host: binds every interface, so a port held on 127.0.0.1 alone also counts as taken.
    server.listen(port, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

export const freePort = async () => {
  const port = await listenOn(0);
  if (port === undefined) throw new Error('no free port');
  return port;
};

/** Returns `{ port, note? }` for `key` (e.g. COMMAND_PORT) with default `fallback`. */
export async function choosePort(env, key, fallback, taken) {
  const raw = env[key]?.trim();
  if (raw) {
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${key} must be a port number, got "${raw}"`);
    if (taken.has(port) || (await listenOn(port)) === undefined) throw new Error(`${key}=${port} is already in use; free it or unset ${key}`);
    return { port };
  }
  if (!taken.has(fallback) && (await listenOn(fallback)) !== undefined) return { port: fallback };
  let port = await freePort();
  while (taken.has(port)) port = await freePort();
  return { port, note: `port ${fallback} is taken, so ${key} is ${port}` };
}
