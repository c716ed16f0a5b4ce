// Preloaded into a service (`NODE_OPTIONS=--import …/skewed-clock.js`, `CLOCK_SKEW_MS`): every wall-clock
// reading in that process (Date.now, new Date()) runs ahead by CLOCK_SKEW_MS, as on a host whose clock
// is off. Monotonic time (performance.now, timers) and every other process are untouched.
const skewMs = Number(process.env.CLOCK_SKEW_MS ?? 0);
const RealDate = Date;

class SkewedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + skewMs);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return RealDate.now() + skewMs;
  }
}

globalThis.Date = SkewedDate as DateConstructor;
