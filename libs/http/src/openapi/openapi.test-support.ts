import { loadSchemas } from '../schemas/schema-files.js';
import { refsIn } from './openapi-builder.js';
import type { OpenApiDocument } from './openapi.types.js';

/** Every schema below `node` that says `type: array` but not what its items are. */
function arraysWithoutItems(node: unknown, path = '#', found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item, i) => arraysWithoutItems(item, `${path}/${i}`, found));
  else if (node !== null && typeof node === 'object') {
    if ((node as Record<string, unknown>)['type'] === 'array' && !('items' in node)) found.push(path);
    for (const [key, value] of Object.entries(node)) arraysWithoutItems(value, `${path}/${key}`, found);
  }
  return found;
}

/**
 * Checks any service document: every `$ref` resolves, operation ids are unique, the seeds are
 * verbatim, and what `npm run check:contracts` lints for is there (servers, licence, array items).
 */
export function expectSoundDocument(document: OpenApiDocument): void {
  expect(document.servers.length).toBeGreaterThan(0);
  expect(document.info.license.name).not.toBe('');
  expect(arraysWithoutItems(document)).toEqual([]);
  for (const target of refsIn(document)) {
    const [, , kind = '', name = ''] = target.split('/');
    expect({ target, found: document.components[kind]?.[name] !== undefined }).toEqual({ target, found: true });
  }
  const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => (op as { operationId: string }).operationId));
  expect(new Set(ids).size).toBe(ids.length);
  const seeds = loadSchemas();
  for (const name of ['Package', 'PackageVersionSet', 'ErrorModel']) {
    const { $schema: _s, $defs: _d, ...seed } = seeds.get(`${name}.json`) as Record<string, unknown>;
    expect(JSON.stringify(document.components['schemas']?.[name])).toBe(JSON.stringify(seed).replaceAll('#/$defs/', '#/components/schemas/'));
  }
}

