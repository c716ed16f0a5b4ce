#!/usr/bin/env node
// `npm run console:size`: what the console's first page costs a browser — index.html and every
// asset it references, gzipped as the gateway sends them — against the budget of SPEC §11 (200 KB).
// Builds dist/console/ first when it is missing. Exit 1 over budget.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from './build.mjs';
import { root } from './lib/paths.mjs';

const BUDGET = 200 * 1024;
const dir = join(root, 'dist', 'console');

if (!existsSync(join(dir, 'index.html'))) build();
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\/console\/([^"]+)"/g)].map((m) => m[1]);
const files = ['index.html', ...new Set(referenced)];
let total = 0;
for (const file of files) {
  const body = readFileSync(join(dir, file));
  const gz = gzipSync(body, { level: 9 }).length;
  total += gz;
  console.log(`  ${file.padEnd(40)} ${String(body.length).padStart(8)} B  ${String(gz).padStart(7)} B gzip`);
}
const verdict = total <= BUDGET ? 'within' : 'OVER';
console.log(`console first page: ${total} B gzip (${(total / 1024).toFixed(1)} KB), ${verdict} the ${BUDGET / 1024} KB budget`);
if (total > BUDGET) process.exit(1);
