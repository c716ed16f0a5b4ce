/** Named points where a test can make the process die, to prove crash recovery. Empty in production. */
export type FailpointName = 'crash-after-commit';

export const FAILPOINT_NAMES: readonly FailpointName[] = ['crash-after-commit'];

export type Failpoints = { hit(name: FailpointName): void };

export function createFailpoints(enabled: readonly FailpointName[]): Failpoints {
  const active = new Set(enabled);
  return {
    hit(name) {
      // SIGKILL, not exit(): no shutdown hook, no ack may run, as in a real crash.
      if (active.has(name)) process.kill(process.pid, 'SIGKILL');
    },
  };
}
