import { loadSchemas } from '../schemas/schema-files.js';
import { refsIn } from './openapi-builder.js';
import type { OpenApiDocument } from './openapi.types.js';

/** Checks any service document: every `$ref` resolves, operation ids are unique, the seeds are verbatim. */
export function expectSoundDocument(document: OpenApiDocument): void {
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

