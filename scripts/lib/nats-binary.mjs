// Finds nats-server on PATH; the launcher and the integration tests both need one. The tests, the
// crash and cluster suites and the bench run NATS_SERVER_BIN instead when it is set, so CI can run
// them on the version deploy/ ships as well as on the machine's (scripts/nats-server-2.10.sh).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const NATS_INSTALL_HINT = [
  'nats-server was not found on PATH. Install it (version 2.9 or newer):',
  '  Debian/Ubuntu: sudo apt-get install nats-server',
  '  macOS:         brew install nats-server',
  '  other:         a release binary from https://github.com/nats-io/nats-server/releases, put on PATH',
].join('\n');

export function findOnPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The nats-server the test harness spawns: NATS_SERVER_BIN (a path) when set, else the one on PATH. */
export function natsServerBinary(env = process.env) {
  return env.NATS_SERVER_BIN?.trim() || 'nats-server';
}

/** Whether that binary can run: NATS_SERVER_BIN must be an executable file, nats-server must be on PATH. */
export function natsServerAvailable(env = process.env) {
  const given = env.NATS_SERVER_BIN?.trim();
  if (!given) return findOnPath('nats-server', env) !== undefined;
  try {
    accessSync(given, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
