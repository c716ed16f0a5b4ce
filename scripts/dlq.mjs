#!/usr/bin/env node
// `npm run dlq -- list <subscriber> [--json]` / `npm run dlq -- replay <subscriber>`: the dead-letter
// CLI of libs/jetstream-transport. Runs the swc build first when dist/ is missing or older than the
// transport's sources. NATS_URL (default nats://127.0.0.1:4222) and EVENT_STREAM (default ARTIFACTS).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from './build.mjs';
import { root } from './lib/paths.mjs';

const sources = join(root, 'libs', 'jetstream-transport', 'src');
const compiled = join(root, 'dist', 'libs', 'jetstream-transport', 'src', 'dlq.cli.js');

const newestSource = () =>
  Math.max(...readdirSync(sources).filter((f) => f.endsWith('.ts')).map((f) => statSync(join(sources, f)).mtimeMs));

if (!existsSync(compiled) || statSync(compiled).mtimeMs < newestSource()) build();

const { runDlqCli, loadDlqConfig } = await import(pathToFileURL(compiled).href);
process.exitCode = await runDlqCli(process.argv.slice(2), loadDlqConfig(process.env));
