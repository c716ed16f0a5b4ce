#!/usr/bin/env node
// `node bench/lib/profile-summary.mjs <file.cpuprofile> [top]`: self time per function and per
// package/folder, to read a --cpu-prof profile of a service under load without a browser.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url) => {
  if (!url) return '(native/vm)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const own = /\/build\/((?:apps|libs)\/[^/]+)/.exec(url);
  return own ? own[1] : url.startsWith('node:') ? 'node core' : url.replace(/^.*\//, '');
};

const fn = new Map();
const pkg = new Map();
for (const [id, t] of self) {
  const { callFrame: c } = byId.get(id);
  const key = `${c.functionName || '(anonymous)'} ${where(c.url)}:${c.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + t);
  const p = where(c.url);
  pkg.set(p, (pkg.get(p) ?? 0) + t);
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
};
show('self time by package / folder', pkg);
show('self time by function', fn);
