// `npm run test:hostile`: the hostile-input suite (SPEC §3, §4.3, §5.3, §6) against the built
// services over real sockets. Separate from `npm test` so CI runs it once; one file at a time on
// purpose: each file boots a whole system (nats-server, Postgres database, both services).
import { fileURLToPath } from 'node:url';
import root from '../../jest.config.js';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const integration = root.projects.find((project) => project.displayName === 'integration');

export default {
  rootDir,
  // A fuzz file sends >10 000 requests; the per-test timeout is global in jest 30.
  testTimeout: 600_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/hostile/support/summary.reporter.js'],
  projects: [
    {
      ...integration,
      rootDir,
      displayName: 'hostile',
      testMatch: ['<rootDir>/test/hostile/**/*.hostile-spec.ts'],
    },
  ],
};
