// Finds nats-server on PATH; the launcher and the integration tests both need one.
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
