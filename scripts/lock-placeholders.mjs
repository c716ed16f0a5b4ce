#!/usr/bin/env node
// The registry this project installs from does not serve every platform build of @swc/core and
// unrs-resolver. `npm install` then writes a lock without those optional packages and `npm ci`
// refuses it as out of sync. This adds them back as empty optional entries (skipped on install),
// which is what `npm ci` checks for. Run after any `npm install` that rewrites package-lock.json.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  if (!location || !existsSync(`${location}/package.json`)) continue;
  const manifest = JSON.parse(readFileSync(`${location}/package.json`, 'utf8'));
  for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
    const nested = `${location}/node_modules/${name}`;
    if (lock.packages[`node_modules/${name}`] || lock.packages[nested]) continue;
    lock.packages[nested] = { version: '', dev: entry.dev === true, optional: true };
    added += 1;
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock placeholders added: ${added}`);
