// Prints the suite's totals after jest's own summary: cases per endpoint, 5xx seen, bodies failing
// their family's error schema, state changes caused by rejected requests, then `N passed, N failed`.
// Test files write their tallies as JSON into HOSTILE_TALLY_DIR, which this reporter creates before
// any test process starts (workers inherit the environment).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default class HostileSummaryReporter {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'ar-hostile-tally-'));
    process.env.HOSTILE_TALLY_DIR = this.dir;
  }

  onRunComplete(_contexts, results) {
    const tallies = readdirSync(this.dir).map((name) => JSON.parse(readFileSync(join(this.dir, name), 'utf8')));
    rmSync(this.dir, { recursive: true, force: true });
    const perEndpoint = {};
    const totals = { fiveHundreds: 0, schemaFailures: 0, stackTraces: 0, stateChanges: 0, leaks: 0 };
    for (const tally of tallies) {
      for (const [endpoint, n] of Object.entries(tally.perEndpoint)) perEndpoint[endpoint] = (perEndpoint[endpoint] ?? 0) + n;
      for (const key of Object.keys(totals)) totals[key] += tally[key] ?? 0;
    }
    const lines = ['', 'hostile input summary', '  cases run per endpoint:'];
    const width = Math.max(0, ...Object.keys(perEndpoint).map((k) => k.length));
    for (const [endpoint, n] of Object.entries(perEndpoint).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`    ${endpoint.padEnd(width)}  ${n}`);
    }
    const all = Object.values(perEndpoint).reduce((a, b) => a + b, 0);
    lines.push(`  requests sent: ${all}`);
    lines.push(`  5xx seen: ${totals.fiveHundreds}`);
    lines.push(`  bodies failing their family's error schema: ${totals.schemaFailures}`);
    lines.push(`  bodies carrying a stack trace or file path: ${totals.stackTraces}`);
    lines.push(`  bodies carrying another account's data: ${totals.leaks}`);
    lines.push(`  state changes caused by rejected requests: ${totals.stateChanges}`);
    lines.push(`${results.numPassedTests} passed, ${results.numFailedTests + results.numRuntimeErrorTestSuites} failed`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
