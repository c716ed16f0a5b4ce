/** SPEC §10: first retry within 5 s, doubling, capped at 1 h; dead-lettered 24 h after the first failure. */
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 3_600_000;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** An endpoint failing this long without one success is switched off (`active: false`). */
export const DISABLE_AFTER_MS = 5 * 24 * 3_600_000;

export type FailedEvent = {
  /** Failed attempts so far for this event, the one that just failed included (≥ 1). */
  failures: number;
  /** When its first attempt failed, in ms since the epoch (the delivery engine's own record). */
  firstFailureAt: number;
};

export type NextStep = { kind: 'retry'; delayMs: number } | { kind: 'dead-letter' };

/** The schedule's bounds; SPEC §10's unless configured shorter (tests, drills). */
export type RetrySchedule = { firstRetryMs: number; maxRetryMs: number; giveUpAfterMs: number };

export const DEFAULT_SCHEDULE: RetrySchedule = { firstRetryMs: FIRST_RETRY_MS, maxRetryMs: MAX_RETRY_MS, giveUpAfterMs: GIVE_UP_AFTER_MS };

/**
 * What follows a failed attempt. The delay doubles from 5 s up to 1 h; a random share of up to half
 * of it is taken off, so endpoints that failed together do not all come back in the same second. A
 * retry that would start after the 24 h window is a dead letter instead.
 */
export function afterFailure(event: FailedEvent, now: number, random: () => number = Math.random, schedule: RetrySchedule = DEFAULT_SCHEDULE): NextStep {
  const exponent = Math.min(Math.max(event.failures - 1, 0), 20);
  const ceiling = Math.min(schedule.firstRetryMs * 2 ** exponent, schedule.maxRetryMs);
  const delayMs = Math.round(ceiling * (1 - random() / 2));
  if (now + delayMs - event.firstFailureAt > schedule.giveUpAfterMs) return { kind: 'dead-letter' };
  return { kind: 'retry', delayMs };
}

/** True once an endpoint has failed without a success for the whole disable window. */
export function shouldDisable(failingSince: number | undefined, now: number, disableAfterMs = DISABLE_AFTER_MS): boolean {
  return failingSince !== undefined && now - failingSince >= disableAfterMs;
}
