#!/usr/bin/env node
// `npm run check:contracts`: checks every contract the project publishes, without starting a server.
//   - both services' OpenAPI documents and the gateway's merged one, emitted from the same builders
//     the services serve them from, linted with Redocly (redocly.yaml) — 0 errors
//   - docs/asyncapi.yaml parsed with @asyncapi/parser — 0 errors
//   - every JSON Schema under schemas/ compiled by ajv in strict mode
// (Every NATS config under deploy/ is checked by `nats-server -t` in test/deploy/nats-config.int-spec.ts,
// which gives each the certificates, included files and passwords it needs; CI runs it on 2.9 and 2.10.)
//   - every kustomization under deploy/ rendered by `kubectl kustomize` (skipped likewise)
// Exit code 1 when a check fails, 2 for a usage error.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './lib/built.mjs';
import { parseCommandLine } from './lib/command-line.mjs';
import { findOnPath } from './lib/nats-binary.mjs';
import { root } from './lib/paths.mjs';

const { values } = parseCommandLine(process.argv.slice(2), {
  name: 'check:contracts',
  usage: `usage: npm run check:contracts [-- --out <dir>]

Lints the OpenAPI documents (command service, query service, the gateway's merge) with Redocly,
parses docs/asyncapi.yaml, compiles schemas/**/*.json with ajv in strict mode and runs kubectl
kustomize on the kustomizations under deploy/. The OpenAPI documents are written to a temporary
folder, or to --out <dir>. The kubectl check is skipped, with a message, when kubectl is not on PATH.
The NATS configs are checked by nats-server -t in the test suite (test/deploy/nats-config.int-spec.ts).`,
  options: { out: { type: 'string' } },
});

const require = createRequire(import.meta.url);
const results = [];
const report = (status, name, detail) => {
  results.push(status);
  console.log(`${status.padEnd(4)} ${name}${detail ? `: ${detail}` : ''}`);
};

/** Files under `dir` (recursively) whose path relative to the root passes `keep`. */
function filesUnder(dir, keep) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
    .filter(keep)
    .sort();
}

async function openApi() {
  const load = async (source) => import(pathToFileURL(ensureBuilt(source)).href);
  const { commandOpenApi } = await load('apps/command-service/src/openapi/command.routes.ts');
  const { queryOpenApi } = await load('apps/projection-service/src/openapi/query.routes.ts');
  const { mergeOpenApi } = await load('apps/gateway/src/openapi-merge.ts');
  const [command, query] = [commandOpenApi(), queryOpenApi()];
  const out = values.out ? resolve(values.out) : mkdtempSync(join(tmpdir(), 'openapi-'));
  mkdirSync(out, { recursive: true });
  const documents = { 'command-service': command, 'query-service': query, gateway: mergeOpenApi(command, query) };
  const files = Object.entries(documents).map(([name, document]) => {
    const file = join(out, `${name}.openapi.json`);
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    return file;
  });
  const redoclyPackage = require.resolve('@redocly/cli/package.json');
  const bin = join(dirname(redoclyPackage), JSON.parse(readFileSync(redoclyPackage, 'utf8')).bin.redocly);
  const lint = spawnSync(process.execPath, [bin, 'lint', '--config', join(root, 'redocly.yaml'), '--format', 'stylish', ...files], {
    cwd: root,
    stdio: 'inherit',
    // No usage reporting to Redocly and no update check from CI.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
  });
  report(lint.status === 0 ? 'ok' : 'FAIL', 'OpenAPI (redocly lint)', `${files.length} documents in ${out}`);
}

async function asyncApi() {
  const { Parser, DiagnosticSeverity } = await import('@asyncapi/parser');
  const source = 'docs/asyncapi.yaml';
  const { diagnostics } = await new Parser().parse(readFileSync(join(root, source), 'utf8'), { source });
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  for (const d of diagnostics) {
    const level = d.severity === DiagnosticSeverity.Error ? 'error' : d.severity === DiagnosticSeverity.Warning ? 'warning' : 'info';
    console.log(`  ${source}:${(d.range?.start.line ?? 0) + 1} ${level} ${d.code}: ${d.message}`);
  }
  report(errors.length === 0 ? 'ok' : 'FAIL', `AsyncAPI ${source}`, `${errors.length} error(s), ${diagnostics.length - errors.length} other finding(s)`);
}

async function jsonSchemas() {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: addFormats } = await import('ajv-formats');
  // schemas/vendor holds NetApp's OpenAPI document and its supplement, not JSON Schemas: the
  // vendor-document test (test/e2e/accounts-vendor-document.e2e-spec.ts) reads them.
  const files = filesUnder('schemas', (path) => path.endsWith('.json') && !path.startsWith('schemas/vendor/'));
  const failures = [];
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(root, file), 'utf8'));
    try {
      if (schema.$schema !== 'https://json-schema.org/draft/2020-12/schema') throw new Error(`$schema must be JSON Schema 2020-12, got ${schema.$schema}`);
      const ajv = new Ajv2020({ strict: true, allErrors: true });
      addFormats(ajv);
      ajv.compile(schema);
    } catch (err) {
      failures.push(file);
      console.log(`  ${file}: ${err.message}`);
    }
  }
  report(failures.length === 0 ? 'ok' : 'FAIL', 'JSON Schema (ajv strict)', `${files.length - failures.length} of ${files.length} compile`);
}

function kustomizations() {
  const dirs = filesUnder('deploy', (path) => /(^|\/)kustomization\.ya?ml$/.test(path)).map(dirname);
  const kubectl = findOnPath('kubectl');
  if (!kubectl) return report('skip', 'kustomizations (kubectl kustomize)', `kubectl is not on PATH; ${dirs.length} not rendered`);
  const failures = dirs.filter((dir) => {
    const result = spawnSync(kubectl, ['kustomize', dir], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    if (result.status !== 0) console.log(`  ${dir}: ${result.stderr.trim()}`);
    return result.status !== 0;
  });
  report(failures.length === 0 ? 'ok' : 'FAIL', 'kustomizations (kubectl kustomize)', `${dirs.length - failures.length} of ${dirs.length} render (${dirs.join(', ')})`);
}

for (const check of [openApi, asyncApi, jsonSchemas, kustomizations]) {
  try {
    await check();
  } catch (err) {
    report('FAIL', check.name, err.message);
  }
}
const failed = results.filter((status) => status === 'FAIL').length;
console.log(failed === 0 ? 'check:contracts: all checks passed' : `check:contracts: ${failed} check(s) failed`);
process.exitCode = failed === 0 ? 0 : 1;
