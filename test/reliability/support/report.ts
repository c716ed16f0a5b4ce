import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { natsServerBinary } from '../../support/nats-server.js';
import { ROOT } from './managed-process.js';

/**
 * Where a suite writes its last run's figures and checks (RELIABILITY_REPORT overrides):
 * `npm run docs:reliability` turns the crash suite's into docs/reliability.md's "Last run" section.
 */
export const reportPath = (suite: string): string => process.env.RELIABILITY_REPORT ?? join(ROOT, 'dist', 'reliability', `${suite}-last-run.json`);

/** What the figures depend on: versions, and how busy the machine was. */
export function runEnvironment(): Record<string, unknown> {
  let natsVersion = 'unknown';
  try {
    natsVersion = execFileSync(natsServerBinary(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  return { node: process.version, natsServer: natsVersion, cores: cpus().length, loadAverage: loadavg().map((n) => Math.round(n * 10) / 10) };
}
