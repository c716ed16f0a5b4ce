// Compiles apps/, libs/ and the bench's TypeScript (crud-peer, trivial) with swc into bench/.work/build,
// keeping paths, so the bench never depends on (or disturbs) a shared dist/ and runs on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './paths.mjs';

export const buildDir = join(root, 'bench', '.work', 'build');
const SOURCES = ['apps', 'libs', 'bench/crud-peer', 'bench/trivial'];
const TESTS = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**'];

export function build() {
  const swc = createRequire(import.meta.url).resolve('@swc/cli/bin/swc.js');
  const sources = SOURCES.filter((dir) => existsSync(join(root, dir)));
  const args = [swc, ...sources, '-d', buildDir, '-q', '--ignore', TESTS.join(',')];
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`swc failed (exit ${result.status ?? result.signal})`);
  return Date.now() - started;
}

/** Absolute path of a compiled entry point, e.g. `apps/command-service/src/main.ts` → its `.js`. */
export const builtEntry = (source) => join(buildDir, source.replace(/\.ts$/, '.js'));
