// `npm run test:crash`: SPEC §6–§8 proven with real processes on loopback (docs/reliability.md).
// Scenario names on the command line run only those: chaos, ambiguous, concurrency, regression, lost-ack, clock-skew, faults, webhooks, large-bundles.
import { Checks, log } from '../support/checks.js';
import { reportPath, runEnvironment } from '../support/report.js';
import { ambiguousFailures } from './ambiguous.scenario.js';
import { chaosLoad } from './chaos-load.scenario.js';
import { clockSkew } from './clock-skew.scenario.js';
import { largeBundles } from './large-bundles.scenario.js';
import { lostAcks } from './lost-ack.scenario.js';
import { concurrency } from './concurrency.scenario.js';
import { faults } from './faults.scenario.js';
import { streamRegression } from './regression.scenario.js';
import { webhookDeliveries } from './webhooks.scenario.js';

const SCENARIOS: Record<string, (checks: Checks) => Promise<void>> = {
  ambiguous: ambiguousFailures,
  concurrency,
  regression: streamRegression,
  'lost-ack': lostAcks,
  'clock-skew': clockSkew,
  faults,
  webhooks: (checks) => webhookDeliveries(checks, { lanes: Number(process.env.RELIABILITY_WEBHOOK_LANES ?? 12), updates: 4, seconds: Number(process.env.RELIABILITY_WEBHOOK_SECONDS ?? 40) }),
  'large-bundles': (checks) => largeBundles(checks, { bundles: Number(process.env.RELIABILITY_BUNDLES ?? 1000) }),
  chaos: (checks) => chaosLoad(checks, { commands: Number(process.env.RELIABILITY_COMMANDS ?? 10_500), lanes: Number(process.env.RELIABILITY_LANES ?? 24) }),
};

const chosen = process.argv.slice(2);
const checks = new Checks();
const started = Date.now();
for (const [name, run] of Object.entries(SCENARIOS)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  await checks.scenario(name, () => run(checks));
}
const seconds = Math.round((Date.now() - started) / 1000);
log(`\ncrash suite took ${seconds} s`);
process.exit(checks.close(reportPath('crash'), { suite: 'crash', seconds, scenarios: chosen, ...runEnvironment() }));
