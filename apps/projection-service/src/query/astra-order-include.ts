// `orderBy` and `include` of the account package list (SPEC §5.2).
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { FILTER_FIELDS, type FilterField } from './astra-filter.js';

export type OrderField = FilterField;
export type OrderBy = { field: OrderField; direction: 'asc' | 'desc' } | undefined;

const ORDER = /^\s*([A-Za-z][A-Za-z.]*)(?:\s+(asc|desc))?\s*$/;

/** `field`, `field asc` or `field desc`; absent → undefined (creation order). */
export function parseOrderBy(text: string | undefined): OrderBy {
  if (text === undefined) return undefined;
  const match = ORDER.exec(text);
  if (match === null) throw new BadRequestError('query.orderBy', 'must be "field" or "field desc"', text);
  const field = match[1] ?? '';
  if (!(FILTER_FIELDS as readonly string[]).includes(field)) {
    throw new BadRequestError('query.orderBy', `cannot order by "${field}"; fields: ${FILTER_FIELDS.join(', ')}`, text);
  }
  return { field: field as OrderField, direction: match[2] === 'desc' ? 'desc' : 'asc' };
}

/** The resource's top-level fields (SPEC §5.1); `include` may name them or a path inside them (`metadata.labels`). */
export const RESOURCE_FIELDS = [
  'type',
  'version',
  'id',
  'packageName',
  'packageVersion',
  'packageType',
  'bundleName',
  'severityLevel',
  'packageState',
  'packageStateTransitions',
  'packageStateDetails',
  'images',
  'artifacts',
  'files',
  'upgradableVersions',
  'dependencies',
  'metadata',
] as const;

const PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/** Distinct paths one `include` may name: every field once plus room for paths inside them. */
export const MAX_INCLUDE_PATHS = 64;

/**
 * Comma-separated field paths, in the order the items' arrays will hold them; absent → undefined.
 * A path named again is kept once, at its first place (repeating `files` would repeat a bundle's
 * largest part in every item); more than `MAX_INCLUDE_PATHS` distinct paths is refused.
 */
export function parseInclude(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const paths = [...new Set(text.split(',').map((item) => item.trim()))];
  if (paths.length > MAX_INCLUDE_PATHS) {
    throw new BadRequestError('query.include', `names ${paths.length} distinct paths; at most ${MAX_INCLUDE_PATHS}`, text.slice(0, 200));
  }
  for (const path of paths) {
    const top = path.split('.')[0] ?? '';
    if (!PATH.test(path) || !(RESOURCE_FIELDS as readonly string[]).includes(top)) {
      throw new BadRequestError('query.include', `"${path}" is not a field of a package; fields: ${RESOURCE_FIELDS.join(', ')}`, text);
    }
  }
  return paths;
}

/** An item as the array of the included fields; a field the item does not have is null. */
export function pickFields(resource: Record<string, unknown>, paths: readonly string[]): unknown[] {
  return paths.map((path) => {
    let value: unknown = resource;
    for (const key of path.split('.')) {
      value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    }
    return value === undefined ? null : value;
  });
}
