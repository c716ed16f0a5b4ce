import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { MAX_INCLUDE_PATHS, parseInclude, parseOrderBy, pickFields } from './astra-order-include.js';

const locationOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as BadRequestError).location;
  }
  throw new Error('accepted');
};

describe('parseOrderBy', () => {
  it('reads a field with an optional direction; absent is creation order', () => {
    expect(parseOrderBy(undefined)).toBeUndefined();
    expect(parseOrderBy('packageVersion')).toEqual({ field: 'packageVersion', direction: 'asc' });
    expect(parseOrderBy('packageVersion desc')).toEqual({ field: 'packageVersion', direction: 'desc' });
    expect(parseOrderBy(' metadata.creationTimestamp asc ')).toEqual({ field: 'metadata.creationTimestamp', direction: 'asc' });
  });

  it.each(['', 'images', 'packageName down', 'packageName desc,id', 'packageName DESC'])('refuses %p at query.orderBy', (text) => {
    expect(locationOf(() => parseOrderBy(text))).toBe('query.orderBy');
  });
});

describe('parseInclude and pickFields', () => {
  it('keeps the order asked for and walks dotted paths, null where absent', () => {
    const paths = parseInclude('packageVersion, id,metadata.createdBy,bundleName,metadata.modifiedBy') as string[];
    expect(paths).toEqual(['packageVersion', 'id', 'metadata.createdBy', 'bundleName', 'metadata.modifiedBy']);
    const resource = { id: 'p', packageVersion: 'v1.22', metadata: { createdBy: 'u' } };
    expect(pickFields(resource, paths)).toEqual(['v1.22', 'p', 'u', null, null]);
    expect(pickFields({ images: [{ imageName: 'x' }] }, ['images.imageName'])).toEqual([null]);
    expect(parseInclude(undefined)).toBeUndefined();
  });

  it('keeps a repeated path once, at its first place', () => {
    expect(parseInclude('files,id,files, id,metadata.labels,files')).toEqual(['files', 'id', 'metadata.labels']);
  });

  it('refuses more distinct paths than the bound at query.include', () => {
    const many = Array.from({ length: MAX_INCLUDE_PATHS + 1 }, (_, i) => `metadata.p${i}`).join(',');
    expect(locationOf(() => parseInclude(many))).toBe('query.include');
    expect(parseInclude(Array.from({ length: MAX_INCLUDE_PATHS }, (_, i) => `metadata.p${i}`).join(','))).toHaveLength(MAX_INCLUDE_PATHS);
  });

  it.each(['', 'id,', 'secret', 'metadata..labels', 'id;drop'])('refuses %p at query.include', (text) => {
    expect(locationOf(() => parseInclude(text))).toBe('query.include');
  });
});
