import { mergeOpenApi } from './openapi-merge.js';
import { route } from './routing.js';

describe('gateway routing', () => {
  it.each([
    ['GET', '/packages/argo/', 'query'],
    ['HEAD', '/packages?page_size=2', 'query'],
    ['GET', '/accounts/8f84cf09-8036-41e4-b579-bd30cb07b269/core/v1/packages', 'query'],
    ['POST', '/packages', 'command'],
    ['PUT', '/packages/argo/versionsets/1/', 'command'],
    ['DELETE', '/accounts/8f84cf09-8036-41e4-b579-bd30cb07b269/core/v1/packages/x', 'command'],
    ['OPTIONS', '/packages', 'command'],
    ['GET', '/schemas/Package.json', 'query'],
    ['GET', '/schemas/PackageRelease.json', 'query'],
    ['GET', '/packages/argo/versionsets/1/components?page_size=2', 'query'],
    ['GET', '/packages/argo/versionsets/1/components/ghcr.io%2Forg%2Fx', 'query'],
    ['HEAD', '/components/argo:1:controller', 'query'],
    ['GET', '/packages/argo/releases/latest', 'query'],
    ['GET', '/packages/argo/releases/argo@v1.2.0/', 'query'],
    ['GET', '/packages/argo/versionsets/1/releases?prerelease=true', 'query'],
    ['GET', '/releases/argo@1.2.0', 'query'],
    ['POST', '/packages/argo/versionsets/1/components', 'command'],
    ['PUT', '/packages/argo/releases/1.2.0/', 'command'],
    ['DELETE', '/packages/argo/versionsets/1/components/controller/', 'command'],
    ['GET', '/webhooks', 'query'],
    ['GET', '/webhooks/5b0c2f1e-3d4a-4b5c-8d6e-7f8091a2b3c4/deliveries', 'query'],
    ['GET', '/accounts/8f84cf09-8036-41e4-b579-bd30cb07b269/core/v1/webhooks', 'query'],
    ['POST', '/webhooks', 'command'],
    ['PUT', '/webhooks/5b0c2f1e-3d4a-4b5c-8d6e-7f8091a2b3c4', 'command'],
    ['POST', '/webhooks/5b0c2f1e-3d4a-4b5c-8d6e-7f8091a2b3c4/replay', 'command'],
    ['POST', '/accounts/8f84cf09-8036-41e4-b579-bd30cb07b269/core/v1/webhooks/x/rotate-secret', 'command'],
    ['DELETE', '/accounts/8f84cf09-8036-41e4-b579-bd30cb07b269/core/v1/webhooks/x', 'command'],
    ['GET', '/metrics', 'hidden'],
    ['GET', '/openapi.json', 'gateway'],
    ['GET', '/docs', 'gateway'],
    ['GET', '/health/ready', 'gateway'],
    ['GET', '/console', 'gateway'],
    ['GET', '/console/assets/index-abc.js', 'gateway'],
    ['POST', '/console/', 'gateway'],
    ['GET', '/consoles', 'query'],
  ])('%s %s goes to %s', (method, path, expected) => {
    expect(route(method, path)).toBe(expected);
  });
});

describe('gateway routing of disguised paths', () => {
  // A service's router decodes escapes and stops at '#': each of these would reach its /metrics.
  it.each([
    '/%6detrics', '/%6D%65%74%72%69%63%73', '/metrics#x', '/metrics?x=1', '//metrics', '///metrics/', '/x/../metrics',
    '/./metrics', '/x/%2e%2e/metrics', '/%2e/metrics', '/%2Fmetrics', '/x%2F..%2Fmetrics', '/METRICS', '/Metrics/x',
    '/metrics;x', '/metrics%3Bx', '/metrics/', 'http://gateway.example/metrics',
  ])('GET %s is hidden', (path) => {
    expect(route('GET', path)).toBe('hidden');
  });

  it.each(['/bad%zz', '/a%00', 'metrics', '*'])('%s is refused as invalid', (path) => {
    expect(route('GET', path)).toBe('invalid');
  });

  it('still routes look-alikes that are not the metrics path', () => {
    expect(route('GET', '/metricsx')).toBe('query');
    expect(route('GET', '/packages/metrics')).toBe('query');
    expect(route('GET', '/x/../packages')).toBe('query');
  });
});

describe('mergeOpenApi', () => {
  it('joins the methods of both services on shared paths and keeps every component', () => {
    const merged = mergeOpenApi(
      { openapi: '3.0.0', paths: { '/packages': { post: { operationId: 'create' } } }, components: { schemas: { A: {} } } },
      { openapi: '3.0.0', paths: { '/packages': { get: { operationId: 'list' } }, '/x': { get: {} } }, components: { schemas: { B: {} } } },
    );
    expect(Object.keys(merged.paths?.['/packages'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(merged.paths ?? {}).sort()).toEqual(['/packages', '/x']);
    expect(Object.keys(merged.components?.schemas ?? {}).sort()).toEqual(['A', 'B']);
  });

  it('leaves out the paths the gateway hides and keeps the ones it answers itself', () => {
    const operations = { '/metrics': { get: {} }, '/metrics/x': { get: {} }, '/health/ready': { get: {} }, '/openapi.json': { get: {} } };
    const merged = mergeOpenApi({ paths: { ...operations, '/packages': { post: {} } } }, { paths: operations });
    expect(Object.keys(merged.paths ?? {}).sort()).toEqual(['/health/ready', '/openapi.json', '/packages']);
  });

  it('keeps the services\' licence and servers, which the contract lint requires of the merged document too', () => {
    const license = { name: 'Proprietary' };
    const servers = [{ url: '/' }];
    const merged = mergeOpenApi({ info: { title: 'c', version: '1', license }, servers }, { info: { title: 'q', version: '1', license }, servers });
    expect(merged.info).toMatchObject({ license });
    expect(merged['servers']).toEqual(servers);
    expect(mergeOpenApi({}, {})).not.toHaveProperty('servers');
  });
});
