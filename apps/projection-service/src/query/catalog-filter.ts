// `filter=key:value` of `GET /packages` (SPEC §4.2): repeated; OR within a key, AND across keys.
import { PACKAGE_SYSTEMS } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';

export const CATALOG_FILTER_KEYS = ['system', 'alias'] as const;
export type CatalogFilterKey = (typeof CATALOG_FILTER_KEYS)[number];

/** Values per key; an empty list means the key is not filtered on. */
export type CatalogFilter = Record<CatalogFilterKey, string[]>;

export function parseCatalogFilter(items: readonly string[]): CatalogFilter {
  const filter: CatalogFilter = { system: [], alias: [] };
  for (const item of items) {
    const colon = item.indexOf(':');
    const key = colon < 0 ? item : item.slice(0, colon);
    const value = colon < 0 ? '' : item.slice(colon + 1);
    if (!(CATALOG_FILTER_KEYS as readonly string[]).includes(key)) {
      throw new BadRequestError('query.filter', `unknown filter key "${key}"; keys: ${CATALOG_FILTER_KEYS.join(', ')} (as key:value)`, item);
    }
    if (value === '') throw new BadRequestError('query.filter', `"${key}" needs a value (as ${key}:value)`, item);
    if (key === 'system' && !(PACKAGE_SYSTEMS as readonly string[]).includes(value)) {
      throw new BadRequestError('query.filter', `system must be one of ${PACKAGE_SYSTEMS.join(', ')}`, item);
    }
    const values = filter[key as CatalogFilterKey];
    if (!values.includes(value)) values.push(value);
  }
  return filter;
}

/** A stable text of the filter, so a continuation token can be tied to the filters it was issued for. */
export const catalogFilterScope = (filter: CatalogFilter): string =>
  JSON.stringify([[...filter.system].sort(), [...filter.alias].sort()]);
