import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { parseSearch } from './package-search.query.js';

describe('q= of GET /packages', () => {
  it('builds a prefix tsquery from words only, never from search syntax', () => {
    expect(parseSearch('Argo')).toEqual({ text: 'Argo', tsquery: "'argo':*", alias: 'argo' });
    expect(parseSearch("argo-workflows & !x | 'y':*").tsquery).toBe("'argo':* & 'workflows':* & 'x':* & 'y':*");
    expect(parseSearch('Çà et là, naïve 2024').tsquery).toBe("'çà':* & 'et':* & 'là':* & 'naïve':* & '2024':*");
    expect(parseSearch('a a A').tsquery).toBe("'a':*");
  });

  it('names an alias only when q is one, trimmed and lower-cased', () => {
    expect(parseSearch(' Cert-Manager ').alias).toBe('cert-manager');
    expect(parseSearch('---')).toEqual({ text: '---', tsquery: null, alias: '---' });
    expect(parseSearch('pkg_x').alias).toBeNull();
    expect(parseSearch('two words').alias).toBeNull();
  });

  it.each(['', '   ', 'a'.repeat(201), '😀'.repeat(201)])('refuses %p at query.q', (q) => {
    expect(() => parseSearch(q)).toThrow(BadRequestError);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(parseSearch('😀'.repeat(200)).tsquery).toBeNull();
  });
});
