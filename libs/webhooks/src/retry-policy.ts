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

/**
 * What follows a failed attempt. The delay doubles from 5 s up to 1 h; a random share of up to half
 * of it is taken off, so endpoints that failed together do not all come back in the same second. A
 * retry that would start after the 24 h window is a dead letter instead.
 */
export function afterFailure(event: FailedEvent, now: number, random: () => number = Math.random): NextStep {
  const exponent = Math.min(Math.max(event.failures - 1, 0), 20);
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS);
  const delayMs = Math.round(ceiling * (1 - random() / 2));
  if (now + delayMs - event.firstFailureAt > GIVE_UP_AFTER_MS) return { kind: 'dead-letter' };
  return { kind: 'retry', delayMs };
}

/** True once an endpoint has failed without a success for the whole disable window. */
export function shouldDisable(failingSince: number | undefined, now: number): boolean {
  return failingSince !== undefined && now - failingSince >= DISABLE_AFTER_MS;
}
