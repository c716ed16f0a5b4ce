#!/usr/bin/env node
// Fast build for running (no type check; `npm run typecheck` does that): swc compiles apps/, libs/
// and examples/ into dist/ keeping their paths, so relative imports between apps and libs still
// resolve, and copies the non-TS files the code reads at run time (JSON next to the code, schemas/,
// and the command-line and progress helpers the compiled operator commands share with the scripts).
// The web console (apps/console, Preact) is bundled by Vite into dist/console/, which the gateway serves.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/paths.mjs';

const SOURCES = ['apps', 'libs', 'examples'];
const ASSETS = ['schemas', 'scripts/lib/command-line.mjs', 'scripts/lib/progress.mjs'];
const TESTS = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'];
/** Built by Vite, not swc: browser code with its own tsconfig. */
const CONSOLE = 'apps/console';

export function build() {
  const sources = SOURCES.filter((dir) => existsSync(join(root, dir)));
  if (sources.length > 0) {
    const swc = createRequire(import.meta.url).resolve('@swc/cli/bin/swc.js');
    const args = [swc, ...sources, '-d', 'dist', '--copy-files', '-q', '--ignore', [...TESTS, `${CONSOLE}/**`].join(',')];
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`swc failed (exit ${result.status ?? result.signal})`);
  }
  for (const dir of ASSETS.filter((d) => existsSync(join(root, d)))) {
    cpSync(join(root, dir), join(root, 'dist', dir), { recursive: true });
  }
  buildConsole();
}

function buildConsole() {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '-c', join(CONSOLE, 'vite.config.mjs')];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite failed building the console (exit ${result.status ?? result.signal})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    build();
  } catch (err) {
    console.error(`build: ${err.message}`);
    process.exit(1);
  }
}
