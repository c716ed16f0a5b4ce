#!/usr/bin/env node
// `npm run docs:reliability`: writes the last runs of the crash and cluster suites (their JSON reports
// in dist/reliability/, or the files given) into docs/reliability.md between its last-run markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport, replaceSection } from './lib/reliability-doc.mjs';
import { root } from './lib/paths.mjs';

const given = process.argv.slice(2);
const reports = (given.length > 0 ? given : ['crash', 'cluster'].map((suite) => join(root, 'dist', 'reliability', `${suite}-last-run.json`))).filter((file) => existsSync(file));
if (reports.length === 0) {
  console.error('docs:reliability: no report found; run `npm run test:crash` (and `npm run test:cluster`) first');
  process.exit(1);
}
const doc = join(root, 'docs', 'reliability.md');
const section = reports.map((file) => renderReport(JSON.parse(readFileSync(file, 'utf8')))).join('\n\n');
writeFileSync(doc, replaceSection(readFileSync(doc, 'utf8'), section));
console.log(`docs/reliability.md: last run from ${reports.join(', ')}`);
