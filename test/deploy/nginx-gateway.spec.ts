import { commandOpenApi } from '../../apps/command-service/src/openapi/command.routes.js';
import { mergeOpenApi } from '../../apps/gateway/src/openapi-merge.js';
import { queryOpenApi } from '../../apps/projection-service/src/openapi/query.routes.js';
import { route, type Upstream } from '../../apps/gateway/src/routing.js';
import njs from '../../deploy/nginx/openapi-merge.js';
import { defaultPort, readRepoFile } from './support/deploy-files.loader.js';
import { composeService, k8sManifests, mainContainer, named, readCompose, type Service, type Workload } from './support/deploy-model.js';
import { child, children, effectiveProxyHeaders, nginxSize, outcome, parseNginx, type Directive } from './support/nginx-config.reader.js';

const tree = parseNginx(readRepoFile('deploy/nginx/nginx.conf'));
const http = child(tree, 'http') as Directive;
const server = child(http, 'server') as Directive;
const SERVICES: Record<string, { host: string; portKey: string }> = {
  command: { host: 'command-service', portKey: 'COMMAND_PORT' },
  query: { host: 'projection-service', portKey: 'QUERY_PORT' },
};

/** What the nginx gateway does with a request, in the Node gateway's terms (`route()`). */
function nginxRoute(method: string, url: string): Upstream {
  const result = outcome(http, server, method, url);
  if (result.kind === 'proxy') return result.upstream as Upstream;
  if (result.kind === 'return' && result.status === 404) return 'hidden';
  return 'gateway';
}

const ACCOUNT = '/accounts/8f84cf09-8036-41e4-b579-bd30cb07b269/core/v1/packages';
const REQUESTS: [string, string][] = [
  ['GET', '/packages'], ['GET', '/packages/'], ['HEAD', '/packages?page_size=2'], ['GET', '/packages/argo/'],
  ['GET', '/packages/argo/history'], ['GET', '/packages/argo/versionsets?version=1.2.3'], ['GET', '/versionsets/argo:1'],
  ['POST', '/packages'], ['PUT', '/packages/argo/'], ['DELETE', '/packages/argo/'], ['POST', '/packages/argo/versionsets'],
  ['PUT', '/packages/argo/versionsets/1/'], ['DELETE', '/packages/argo/versionsets/1'], ['PATCH', '/packages/argo'],
  ['POST', '/packages/argo/versionsets/1/components'], ['PUT', '/packages/argo/versionsets/1/components/ghcr.io%2Forg%2Fx/'],
  ['DELETE', '/packages/argo/versionsets/1/components/controller'], ['GET', '/components/argo:1:controller'],
  ['POST', '/packages/argo/releases'], ['PUT', '/packages/argo/releases/argo@v1.2.0/'], ['DELETE', '/packages/argo/releases/1.2.0'],
  ['GET', '/packages/argo/releases/latest'], ['GET', '/releases/argo@1.2.0'],
  ['OPTIONS', '/packages'], ['GET', ACCOUNT], ['HEAD', `${ACCOUNT}/x`], ['POST', ACCOUNT], ['PUT', `${ACCOUNT}/x`],
  ['DELETE', `${ACCOUNT}/x`], ['GET', `${ACCOUNT}/x/history`], ['GET', '/schemas/Package.json'], ['POST', '/schemas/x'],
  ['GET', '/schemasx'], ['GET', '/metrics'], ['POST', '/metrics'], ['GET', '/metrics/x'], ['GET', '/metricsx'],
  ['GET', '/openapi.json'], ['GET', '/docs'], ['GET', '/health/live'], ['GET', '/health/ready'], ['GET', '/'],
  ['POST', '/'], ['GET', '/unknown/route'], ['DELETE', '/unknown/route'],
];

describe('the nginx gateway (deploy/nginx/nginx.conf)', () => {
  it.each(REQUESTS)('%s %s goes where the Node gateway sends it', (method, url) => {
    expect(nginxRoute(method, url)).toBe(route(method, url));
  });

  it('borrows Swagger UI assets from the command service, where the Node gateway serves its own copy', () => {
    expect(route('GET', '/docs/swagger-ui-bundle.js')).toBe('gateway');
    expect(nginxRoute('GET', '/docs/swagger-ui-bundle.js')).toBe('command');
  });

  it('proxies its upstream groups to the services by their compose and Kubernetes names and default ports', () => {
    const manifests = k8sManifests();
    const compose = readCompose();
    for (const [name, service] of Object.entries(SERVICES)) {
      const upstream = children(http, 'upstream').find((u) => u.args[0] === name);
      const port = defaultPort(service.portKey);
      expect(child(upstream, 'server')?.args[0]).toBe(`${service.host}:${port}`);
      expect(composeService(compose, service.host)).toBeDefined();
      expect(named<Service>(manifests, 'Service', service.host).spec.ports.map((p) => p.port)).toContain(port);
    }
  });

  it('listens on the gateway port that compose publishes and Kubernetes exposes', () => {
    const port = defaultPort('GATEWAY_PORT');
    expect(child(server, 'listen')?.args[0]).toBe(String(port));
    const container = mainContainer(named<Workload>(k8sManifests(), 'Deployment', 'gateway'));
    expect(container.ports?.map((p) => p.containerPort)).toEqual([port]);
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(nginxRoute('GET', '/health/live')).toBe('gateway');
  });

  it('caps request bodies at BODY_LIMIT_BYTES, and no location lifts the cap', () => {
    expect(nginxSize(child(server, 'client_max_body_size')?.args[0] ?? '')).toBe(786432);
    expect(children(server, 'location').flatMap((l) => children(l, 'client_max_body_size'))).toEqual([]);
  });

  it('forwards the public scheme, host and correlation id on every proxied location', () => {
    for (const location of children(server, 'location').filter((l) => child(l, 'proxy_pass') && !child(l, 'internal'))) {
      const headers = effectiveProxyHeaders([http, server, location]);
      expect([location.args.join(' '), ['x-forwarded-proto', 'x-forwarded-host', 'x-correlation-id'].every((h) => headers.has(h))])
        .toEqual([location.args.join(' '), true]);
    }
  });

  it('turns an unreachable service into a 503 in the family error format, as the Node gateway does', () => {
    const errorPage = child(server, 'error_page')?.args ?? [];
    expect(errorPage.slice(0, 2)).toEqual(['502', '504']);
    const fallback = children(server, 'location').find((l) => l.args[0] === errorPage.at(-1));
    expect(child(fallback, 'return')?.args).toEqual(['503', '$unavailable_body']);
    const map = children(http, 'map').find((m) => m.args[1] === '$unavailable_body');
    const bodies = new Map((map?.block ?? []).map((e) => [e.name, JSON.parse(e.args[0] ?? '') as Record<string, unknown>]));
    expect(bodies.get('~^/accounts/')).toMatchObject({ type: 'https://astra.netapp.io/problems/41', status: '503' });
    expect(bodies.get('default')).toMatchObject({ status: 503, title: 'Service Unavailable' });
  });

  it('hides the internal locations the njs handlers ask from the outside', () => {
    const subrequests = [...readRepoFile('deploy/nginx/openapi-merge.js').matchAll(/subrequest\('([^']+)'\)/g)].map((m) => m[1] ?? '');
    expect(subrequests.length).toBe(4);
    for (const uri of subrequests) {
      const [, service, path] = /^\/_internal\/(command|query)(\/.+)$/.exec(uri) ?? [];
      expect(outcome(http, server, 'GET', uri, true)).toMatchObject({ kind: 'proxy', upstream: service, uri: path });
      expect(nginxRoute('GET', uri)).toBe('hidden');
    }
  });

  it('loads the njs module compose and Kubernetes mount, with the handlers the config names', () => {
    const jsImport = child(http, 'js_import')?.args ?? [];
    const mounts = readCompose().services.gateway?.volumes ?? [];
    expect(mounts.some((m) => m.startsWith(`./deploy/nginx/openapi-merge.js:${jsImport[2]}:`))).toBe(true);
    const k8s = mainContainer(named<Workload>(k8sManifests(), 'Deployment', 'gateway')).volumeMounts ?? [];
    expect(k8s.find((m) => m.mountPath === jsImport[2])?.subPath).toBe('openapi-merge.js');
    const handlers = children(server, 'location').flatMap((l) => children(l, 'js_content')).map((d) => d.args[0] ?? '');
    expect(handlers.length).toBeGreaterThan(0);
    for (const handler of handlers) {
      const [module, fn] = handler.split('.');
      expect(module).toBe(jsImport[0]);
      expect(typeof (njs as Record<string, unknown>)[fn ?? '']).toBe('function');
    }
  });

  it('merges the two OpenAPI documents exactly as the Node gateway does', () => {
    const command = {
      openapi: '3.0.3', info: { title: 'command', version: '2', license: { name: 'L' } }, servers: [{ url: '/' }], tags: [{ name: 'catalog' }, { name: 'accounts' }],
      paths: { '/packages': { post: { operationId: 'create' } }, '/packages/{package}/': { put: {}, delete: {} } },
      components: { schemas: { Package: { type: 'object' }, ErrorModel: {} }, securitySchemes: { bearer: {} } },
    };
    const query = {
      openapi: '3.0.3', info: { title: 'query', version: '1' }, tags: [{ name: 'catalog' }, { name: 'history' }],
      paths: { '/packages': { get: { operationId: 'list' } }, '/packages/{package}/': { get: {} }, '/versionsets/{id}': { get: {} } },
      components: { schemas: { Package: { type: 'object' }, Page: {} } },
    };
    expect(njs.merge(command, query)).toEqual(mergeOpenApi(command, query));
    expect(njs.merge({}, {})).toEqual(mergeOpenApi({}, {}));
  });

  it('documents only what the gateway serves: the services\' paths it hides stay out of the merged document', () => {
    const [command, query] = [commandOpenApi(), queryOpenApi()];
    expect(Object.keys(query.paths)).toContain('/metrics');
    const merged = njs.merge(command, query);
    expect(merged).toEqual(mergeOpenApi(command, query));
    const operations = Object.entries(merged.paths ?? {}).flatMap(([template, methods]) =>
      Object.keys(methods).map((method) => [method.toUpperCase(), template.replace(/\{[^}]+\}/g, 'x')] as const),
    );
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.filter(([method, url]) => nginxRoute(method, url) === 'hidden' || route(method, url) === 'hidden')).toEqual([]);
  });
});
