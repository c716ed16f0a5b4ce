import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { catalogFilterScope, parseCatalogFilter } from './catalog-filter.js';

describe('parseCatalogFilter', () => {
  it('groups repeated key:value items by key, without duplicates', () => {
    expect(parseCatalogFilter([])).toEqual({ system: [], alias: [] });
    expect(parseCatalogFilter(['system:helm', 'alias:argo', 'system:kube', 'system:helm', 'alias:a:b'])).toEqual({
      system: ['helm', 'kube'],
      alias: ['argo', 'a:b'],
    });
  });

  it.each([
    ['owner:me', 'unknown filter key "owner"; keys: system, alias (as key:value)'],
    ['system', '"system" needs a value (as system:value)'],
    ['alias:', '"alias" needs a value (as alias:value)'],
    ['system:rpm', 'system must be one of helm, kustomize, kube'],
  ])('refuses %p at query.filter', (item, message) => {
    try {
      parseCatalogFilter([item]);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestError);
      expect([(error as BadRequestError).location, (error as Error).message]).toEqual(['query.filter', message]);
    }
  });

  it('gives the same scope whatever the order of the items', () => {
    const a = parseCatalogFilter(['system:kube', 'system:helm', 'alias:x']);
    const b = parseCatalogFilter(['alias:x', 'system:helm', 'system:kube']);
    expect(catalogFilterScope(a)).toBe(catalogFilterScope(b));
    expect(catalogFilterScope(parseCatalogFilter(['system:helm']))).not.toBe(catalogFilterScope(a));
  });
});
