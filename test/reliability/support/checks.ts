import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What every scenario reports, in the same words: commands sent and acknowledged (2xx), events lost
 * and duplicated, stale reads, and how long the system took to recover. `undefined` = not measured
 * by this scenario (printed as "—", never as 0).
 */
export type ScenarioFigures = {
  sent: number;
  acknowledged: number;
  /** Of `sent`, commands that compete on purpose (one winner per contest, the rest 409/412). */
  contested?: number;
  lost: number | undefined;
  duplicated: number | undefined;
  staleReads: number | undefined;
  recoverMs: number | undefined;
  /** One line saying what "time to recover" measures here. */
  recoverWhat: string;
  /** Facts the scenario measured beyond these figures (printed as FIGURES lines, listed in docs/reliability.md). */
  notes?: string[];
};

export type ScenarioReport = { name: string; seconds: number; figures: ScenarioFigures | undefined; checks: { name: string; ok: boolean }[] };

/** The suites' verdicts: one line per check, and the closing `N passed, N failed`. */
export class Checks {
  passed = 0;
  failed = 0;
  readonly scenarios: ScenarioReport[] = [];
  private current: ScenarioReport | undefined;

  expect(name: string, ok: boolean, detail: unknown = ''): void {
    if (ok) this.passed++;
    else this.failed++;
    this.current?.checks.push({ name, ok });
    const shown = typeof detail === 'string' ? detail : JSON.stringify(detail);
    log(`${ok ? 'PASS' : 'FAIL'} ${name}${shown && !ok ? ` — ${shown.slice(0, 1500)}` : ''}`);
  }

  /** Runs a scenario; a throw is one failed check, the remaining scenarios still run. */
  async scenario(name: string, body: () => Promise<void>): Promise<void> {
    const started = Date.now();
    log(`\n== ${name}`);
    this.current = { name, seconds: 0, figures: undefined, checks: [] };
    this.scenarios.push(this.current);
    try {
      await body();
    } catch (err) {
      this.expect(`${name} ran to the end`, false, err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err));
    }
    this.current.seconds = Math.round((Date.now() - started) / 100) / 10;
    if (!this.current.figures) this.expect(`${name} reported its figures`, false);
    log(`   (${this.current.seconds.toFixed(1)} s)`);
    this.current = undefined;
  }

  /** The scenario's one standard line: sent / acknowledged / lost / duplicated / stale reads / time to recover. */
  figures(figures: ScenarioFigures): void {
    if (this.current) this.current.figures = figures;
    const share = (figures.sent === 0 ? '—' : `${((100 * figures.acknowledged) / figures.sent).toFixed(1)} %`) + (figures.contested ? `; ${figures.contested} contested` : '');
    const shown = (n: number | undefined): string => (n === undefined ? '—' : String(n));
    const recover = figures.recoverMs === undefined ? '—' : `${(figures.recoverMs / 1000).toFixed(1)} s`;
    log(
      `   FIGURES sent ${figures.sent} / acknowledged ${figures.acknowledged} (${share}) / lost ${shown(figures.lost)} / duplicated ${shown(figures.duplicated)}` +
        ` / stale reads ${shown(figures.staleReads)} / time to recover ${recover} (${figures.recoverWhat})`,
    );
    for (const note of figures.notes ?? []) log(`   FIGURES ${note}`);
  }

  /** Prints the verdict; with `reportPath`, also writes every scenario's figures and checks as JSON (docs/reliability.md is generated from it). */
  close(reportPath?: string, meta: Record<string, unknown> = {}): number {
    log(`\n${this.passed} passed, ${this.failed} failed`);
    if (reportPath) {
      mkdirSync(dirname(reportPath), { recursive: true });
      const report = { ...meta, finishedAt: new Date().toISOString(), passed: this.passed, failed: this.failed, scenarios: this.scenarios };
      writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
      log(`report: ${reportPath}`);
    }
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
