import { canonicalTarget } from './request-target.js';

describe('canonicalTarget', () => {
  it.each([
    ['/packages?page_size=2', '/packages', '?page_size=2'],
    ['/packages/argo/', '/packages/argo/', ''],
    ['/%70ackages', '/packages', ''],
    ['/%6detrics', '/metrics', ''],
    ['/metrics#x', '/metrics', ''],
    ['/packages?q=a#frag', '/packages', '?q=a'],
    ['//metrics', '/metrics', ''],
    ['/packages//argo', '/packages/argo', ''],
    ['/x/../metrics', '/metrics', ''],
    ['/./metrics', '/metrics', ''],
    ['/x/%2e%2e/metrics', '/metrics', ''],
    ['/../../metrics', '/metrics', ''],
    ['/packages/argo/.', '/packages/argo/', ''],
    ['/', '/', ''],
    ['http://gateway.example/%6detrics?x=1', '/metrics', '?x=1'],
    ['/versionsets/argo:1', '/versionsets/argo:1', ''],
    ['/a%2fb', '/a%2Fb', ''],
  ])('%s becomes %s', (raw, path, search) => {
    expect(canonicalTarget(raw)).toMatchObject({ path, search });
  });

  it('resolves what an encoded slash would make of the path for the route check', () => {
    expect(canonicalTarget('/x%2F..%2Fmetrics')?.decoded).toBe('/metrics');
    expect(canonicalTarget('/%2Fmetrics')?.decoded).toBe('/metrics');
  });

  it.each(['*', 'metrics', '/bad%zz', '/%E0%A4%A', '/a%00b', '/a%5Cmetrics', '/a\\b', 'ftp://x/metrics'])('refuses %s', (raw) => {
    expect(canonicalTarget(raw)).toBeUndefined();
  });
});
