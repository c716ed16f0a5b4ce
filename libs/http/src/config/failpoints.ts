import { ConfigError } from './config.error.js';
import { list, type Env } from './env.js';

/** Named points where a test can make the process die, to prove crash recovery. Empty in production. */
export type Failpoints<N extends string> = { hit(name: N): void };

export function createFailpoints<N extends string>(enabled: readonly N[]): Failpoints<N> {
  const active = new Set(enabled);
  return {
    hit(name) {
      // SIGKILL, not exit(): no shutdown hook, pending write or ack may run, as in a real crash.
      if (active.has(name)) process.kill(process.pid, 'SIGKILL');
    },
  };
}

export const noFailpoints: Failpoints<string> = { hit: () => undefined };

/** `FAILPOINTS`: a comma-separated list of the process's own point names; an unknown name is refused. */
export function loadFailpoints<N extends string>(env: Env, known: readonly N[]): N[] {
  const names = list(env, 'FAILPOINTS');
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) throw new ConfigError('FAILPOINTS', `unknown failpoint(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return names as N[];
}
