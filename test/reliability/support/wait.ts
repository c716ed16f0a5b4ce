/** Polls `check` every `everyMs` until it holds; throws naming `what` after `timeoutMs`. Never a fixed sleep as a sync. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await delay(everyMs);
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms`);
}

/** A pause between actions (chaos spacing, retry backoff), never used to wait for a state. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Uniform random integer in [min, max]. */
export const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));
