// The compiled code the scripts run. In a checkout, dist/ is rebuilt (swc, a few seconds) when it is
// missing or older than a source file; in the shipped image there are no sources and the root file
// system may be read-only, so dist/ is used as it is and never written.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../build.mjs';
import { root } from './paths.mjs';

const SOURCE_DIRS = ['apps', 'libs', 'examples', 'schemas'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!/[.-]spec\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Where `source` (a path under the root, `.ts` or not) lands in dist/. */
export const distPath = (source) => join(root, 'dist', source.replace(/\.ts$/, '.js'));

/**
 * Makes sure dist/ holds an up-to-date build of `source` and returns its path. Builds only in a
 * checkout (sources present) and only when needed; with no sources, a missing file is an error.
 */
export function ensureBuilt(source) {
  const compiled = distPath(source);
  const sources = SOURCE_DIRS.map((dir) => join(root, dir)).filter((dir) => existsSync(dir));
  const hasSources = existsSync(join(root, source));
  if (hasSources) {
    const builtAt = existsSync(compiled) ? statSync(compiled).mtimeMs : 0;
    if (builtAt < Math.max(...sources.map(newestMtime))) build();
  } else if (!existsSync(compiled)) {
    throw new Error(`${compiled} is missing and there are no sources to build it from`);
  }
  return compiled;
}
