#!/usr/bin/env node
// `node scripts/run-built.mjs <entry.ts> [args…]`: runs the compiled form of an entry point with the
// arguments after it, as if `node dist/<entry>.js [args…]` had been typed (process.argv included).
// In a checkout it builds first when dist/ is missing or stale; in the image (no sources, a
// read-only root file system) it runs dist/ as it is. The npm scripts dlq, projections:rebuild and
// example:subscriber go through here.
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './lib/built.mjs';

const [source, ...args] = process.argv.slice(2);
if (!source || !source.endsWith('.ts')) {
  console.error('usage: node scripts/run-built.mjs <entry.ts> [args…]');
  process.exit(2);
}
let compiled;
try {
  compiled = ensureBuilt(source);
} catch (err) {
  console.error(`run-built: ${err.message}`);
  process.exit(1);
}
process.argv = [process.argv[0], compiled, ...args];
await import(pathToFileURL(compiled).href);
