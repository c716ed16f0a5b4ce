#!/usr/bin/env node
// `npm run test:crash` / `npm run test:cluster`: builds the services (swc), compiles the suites next
// to them in dist/ (so their relative imports of apps/ and libs/ resolve; test/support's import of
// scripts/lib's plain ESM resolves to a copy there), then runs one suite as a plain Node program.
// Usage: node test/reliability/run.mjs <crash|cluster> [scenario ...]
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [suite, ...scenarios] = process.argv.slice(2);
if (!['crash', 'cluster'].includes(suite ?? '')) {
  console.error('usage: node test/reliability/run.mjs <crash|cluster> [scenario ...]');
  process.exit(2);
}

const run = (args, what) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${what} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
};

run(['scripts/build.mjs'], 'build');
const swc = createRequire(import.meta.url).resolve('@swc/cli/bin/swc.js');
run([swc, 'test/reliability', 'test/support', '-d', 'dist', '-q', '--ignore', '**/*.spec.ts,**/*.int-spec.ts'], 'compiling the suites');
cpSync(join(root, 'scripts', 'lib'), join(root, 'dist', 'scripts', 'lib'), { recursive: true, filter: (src) => !src.endsWith('.spec.ts') });
const result = spawnSync(process.execPath, [`dist/test/reliability/suites/${suite}.suite.js`, ...scenarios], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
