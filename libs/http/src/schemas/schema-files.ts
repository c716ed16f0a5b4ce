import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_DIR = join('schemas', 'http');

/**
 * The repository's `schemas/http` folder, found by walking up from this file so it works from
 * `libs/http/src` (tests, tsx) and from a compiled `dist/libs/http/src` alike.
 */
export function findSchemaDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, SCHEMA_DIR);
    if (existsSync(join(candidate, 'ErrorModel.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`schemas/http not found above ${from}`);
  }
}

/** `{ "Package.json": <parsed schema>, ... }` for every schema in the folder. */
export function loadSchemas(dir: string = findSchemaDir()): Map<string, unknown> {
  const files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  return new Map(files.map((file) => [file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown]));
}
