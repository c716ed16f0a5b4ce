import { delay, randomInt } from './wait.js';

/** One thing the chaos loop can crash: `crash()` kills it with SIGKILL and brings it back. */
export type Target = { name: string; crash: () => Promise<void> };

export type ChaosReport = { kills: Record<string, number>; recoveryMs: Record<string, number[]>; errors: string[] };

/**
 * Kills one random target at a time at random moments until `stop()` resolves, each followed by
 * its restart and a wait until the whole system serves again (`healthy`). Bounded by `maxKills`.
 */
export function startChaos(targets: Target[], healthy: () => Promise<void>, options: { minPauseMs: number; maxPauseMs: number; maxKills: number }) {
  const report: ChaosReport = { kills: {}, recoveryMs: {}, errors: [] };
  let stopping = false;
  const loop = (async () => {
    for (let n = 0; n < options.maxKills && !stopping; n++) {
      await delay(randomInt(options.minPauseMs, options.maxPauseMs));
      if (stopping) break;
      const target = targets[randomInt(0, targets.length - 1)] as Target;
      const at = Date.now();
      try {
        await target.crash();
        await healthy();
      } catch (err) {
        report.errors.push(`${target.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
      report.kills[target.name] = (report.kills[target.name] ?? 0) + 1;
      (report.recoveryMs[target.name] ??= []).push(Date.now() - at);
    }
  })();
  return {
    report,
    async stop(): Promise<ChaosReport> {
      stopping = true;
      await loop;
      return report;
    },
  };
}
