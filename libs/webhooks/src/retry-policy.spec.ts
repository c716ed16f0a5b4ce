import { afterFailure, DISABLE_AFTER_MS, FIRST_RETRY_MS, GIVE_UP_AFTER_MS, MAX_RETRY_MS, shouldDisable } from './retry-policy.js';

const t0 = Date.UTC(2026, 0, 1);
const noJitter = () => 0;
const fullJitter = () => 1;

describe('the webhook retry policy', () => {
  it('retries first within 5 s, then doubles up to 1 h', () => {
    const delays = [1, 2, 3, 4, 5, 10, 11, 30].map((failures) => afterFailure({ failures, firstFailureAt: t0 }, t0, noJitter));
    expect(delays.map((step) => (step.kind === 'retry' ? step.delayMs : -1))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 2_560_000, MAX_RETRY_MS, MAX_RETRY_MS]);
  });

  it('takes at most half of a delay off as jitter, never more', () => {
    expect(afterFailure({ failures: 1, firstFailureAt: t0 }, t0, fullJitter)).toEqual({ kind: 'retry', delayMs: FIRST_RETRY_MS / 2 });
    for (let i = 0; i < 200; i++) {
      const step = afterFailure({ failures: 3, firstFailureAt: t0 }, t0);
      expect(step.kind === 'retry' && step.delayMs >= 10_000 && step.delayMs <= 20_000).toBe(true);
    }
  });

  it('dead-letters an event whose next retry would start after 24 h of failing', () => {
    const lastHour = t0 + GIVE_UP_AFTER_MS - MAX_RETRY_MS;
    expect(afterFailure({ failures: 40, firstFailureAt: t0 }, lastHour, noJitter)).toEqual({ kind: 'retry', delayMs: MAX_RETRY_MS });
    expect(afterFailure({ failures: 41, firstFailureAt: t0 }, lastHour + 1, noJitter)).toEqual({ kind: 'dead-letter' });
  });

  it('disables an endpoint after 5 days of failing, not before and not when it never failed', () => {
    expect(shouldDisable(undefined, t0)).toBe(false);
    expect(shouldDisable(t0, t0 + DISABLE_AFTER_MS - 1)).toBe(false);
    expect(shouldDisable(t0, t0 + DISABLE_AFTER_MS)).toBe(true);
  });
});
