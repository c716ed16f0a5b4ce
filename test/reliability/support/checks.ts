/** The suites' verdicts: one line per check, and the closing `N passed, N failed`. */
export class Checks {
  passed = 0;
  failed = 0;

  expect(name: string, ok: boolean, detail: unknown = ''): void {
    if (ok) this.passed++;
    else this.failed++;
    const shown = typeof detail === 'string' ? detail : JSON.stringify(detail);
    log(`${ok ? 'PASS' : 'FAIL'} ${name}${shown && !ok ? ` — ${shown.slice(0, 1500)}` : ''}`);
  }

  /** Runs a scenario; a throw is one failed check, the remaining scenarios still run. */
  async scenario(name: string, body: () => Promise<void>): Promise<void> {
    const started = Date.now();
    log(`\n== ${name}`);
    try {
      await body();
    } catch (err) {
      this.expect(`${name} ran to the end`, false, err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err));
    }
    log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  close(): number {
    log(`\n${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 ? 0 : 1;
  }
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};
