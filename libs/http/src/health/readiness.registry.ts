import { Injectable } from '@nestjs/common';

/** Resolves when the dependency is fine; throws (or resolves false) when it is not. */
export type ReadinessCheck = () => Promise<boolean | void>;

export type ReadinessReport = { ready: boolean; checks: Record<string, 'up' | string> };

/**
 * A check's failure whose message is fit for the public readiness answer (a lag, a condition the
 * service found). Any other error reads `down`: raw driver errors name internal hosts and URLs.
 */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * `replica`: this process's own state (its connections). `shared`: a state every replica sees alike
 * (the projection's lag): failing it would take every replica out of a load balancer at once.
 */
export type CheckScope = 'replica' | 'shared';

/** Each app registers what "ready" means for it (NATS answers, Postgres answers, lag under threshold). */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, { check: ReadinessCheck; scope: CheckScope }>();

  register(name: string, check: ReadinessCheck, scope: CheckScope = 'replica'): void {
    this.checks.set(name, { check, scope });
  }

  /**
   * Every check's outcome. Ready when all pass; with `scope` 'replica' (an orchestrator's per-replica
   * probe), shared checks are reported but do not count.
   */
  async report(scope: 'all' | 'replica' = 'all'): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, entry]) => [name, entry.scope, await outcome(entry.check)] as const),
    );
    const checks = Object.fromEntries(entries.map(([name, , result]) => [name, result]));
    const counted = entries.filter(([, checkScope]) => scope === 'all' || checkScope === 'replica');
    return { ready: counted.every(([, , result]) => result === 'up'), checks };
  }
}

async function outcome(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`down: no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([check().then((ok) => (ok === false ? 'down' : 'up')), timeout]);
    return result;
  } catch (error) {
    return error instanceof NotReadyError ? `down: ${error.message}` : 'down';
  } finally {
    clearTimeout(timer);
  }
}
