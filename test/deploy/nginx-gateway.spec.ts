import { commandOpenApi } from '../../apps/command-service/src/openapi/command.routes.js';
import { mergeOpenApi } from '../../apps/gateway/src/openapi-merge.js';
import { queryOpenApi } from '../../apps/projection-service/src/openapi/query.routes.js';
import { route, type Upstream } from '../../apps/gateway/src/routing.js';
import { IMMUTABLE, REVALIDATE, SECURITY_HEADERS, TYPES } from '../../apps/gateway/src/console-assets.js';
import njs from '../../deploy/nginx/openapi-merge.js';
import { defaultPort, readRepoFile } from './support/deploy-files.loader.js';
import { composeService, dockerfile, k8sManifests, mainContainer, named, readCompose, type Service, type Workload } from './support/deploy-model.js';
import { child, children, effectiveProxyHeaders, locate, mapValue, nginxSize, outcome, parseNginx, type Directive } from './support/nginx-config.reader.js';

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
  ['GET', '/console'], ['GET', '/console/'], ['HEAD', '/console/'], ['GET', '/console/index.html'],
  ['GET', '/console/assets/index-abc.js'], ['GET', '/console/missing'], ['POST', '/console/'], ['GET', '/consoles'],
];

describe('the nginx gateway (deploy/nginx/nginx.conf)', () => {
  it.each(REQUESTS)('%s %s goes where the Node gateway sends it', (method, url) => {
    expect(nginxRoute(method, url)).toBe(route(method, url));
  });

  describe('the web console at /console/', () => {
    const site = locate(server, '/console/');
    const namedLocation = (name: string | undefined): Directive | undefined => children(server, 'location').find((l) => l.args[0] === name);
    const headers = new Map(children(site, 'add_header').map((h) => [(h.args[0] ?? '').toLowerCase(), h.args[1] ?? '']));

    it('redirects /console to /console/ with a relative Location, as the Node gateway does', () => {
      const exact = locate(server, '/console');
      expect(child(exact, 'return')?.args).toEqual(['301', '/console/']);
      for (const location of [exact, site]) expect(child(location, 'absolute_redirect')?.args).toEqual(['off']);
    });

    it('serves index.html for /console/ from where the gateway image puts the built console', () => {
      expect(outcome(http, server, 'GET', '/console/')).toMatchObject({ kind: 'static' });
      expect(site.args).toEqual(['^~', '/console/']);
      expect(child(site, 'index')?.args).toEqual(['index.html']);
      const stage = /^FROM \$\{NGINX_IMAGE\} AS nginx-gateway$([\s\S]*?)(?=^FROM )/m.exec(dockerfile())?.[1] ?? '';
      const copy = /^COPY --from=build \/app\/(\S+) (\S+)$/m.exec(stage);
      expect(copy?.[1]).toBe('dist/console');
      expect(copy?.[2]).toBe(`${child(site, 'root')?.args[0]}/console`);
      expect(readRepoFile('apps/console/vite.config.mjs')).toMatch(/outDir: .*'\.\.\/\.\.\/dist\/console'/);
    });

    it('sends the Node gateway\'s Content-Security-Policy and security headers', () => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect([name, headers.get(name)]).toEqual([name, value]);
      expect(headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    });

    it('caches like the Node gateway: hashed assets immutable, index.html revalidated', () => {
      expect(headers.get('cache-control')).toBe('$console_cache_control');
      expect(mapValue(http, '$console_cache_control', '/console/assets/index-abc.js')).toBe(IMMUTABLE);
      expect(mapValue(http, '$console_cache_control', '/console/assets/index-abc.css')).toBe(IMMUTABLE);
      // `index` redirects /console/ internally, so $uri is /console/index.html when the header is sent.
      expect(mapValue(http, '$console_cache_control', '/console/index.html')).toBe(REVALIDATE);
      expect(mapValue(http, '$console_cache_control', '/console/favicon.svg')).toBe(REVALIDATE);
    });

    it('labels each file type as the Node gateway does, whatever the image\'s mime.types says', () => {
      const types = new Map((child(site, 'types')?.block ?? []).flatMap((t) => t.args.map((ext) => [ext, t.name] as const)));
      const charsetTypes = new Set(['text/html', ...(child(site, 'charset_types')?.args ?? [])]);
      expect(child(site, 'charset')?.args).toEqual(['utf-8']);
      const sent = (ext: string): string => {
        const type = types.get(ext) ?? child(site, 'default_type')?.args[0] ?? '';
        return charsetTypes.has(type) ? `${type}; charset=utf-8` : type;
      };
      for (const [ext, type] of Object.entries(TYPES)) expect([ext, sent(ext)]).toEqual([ext, type]);
      expect(sent('map')).toBe('application/octet-stream');
    });

    it('gzips every text type when the client accepts it, with Vary: Accept-Encoding', () => {
      expect(child(site, 'gzip')?.args).toEqual(['on']);
      expect(child(site, 'gzip_vary')?.args).toEqual(['on']);
      const gzipped = new Set(['text/html', ...(child(site, 'gzip_types')?.args ?? [])]);
      const compressible = Object.values(TYPES).map((t) => t.split(';')[0] ?? '').filter((t) => !/^image\/(png|x-icon)$/.test(t));
      for (const type of compressible) expect([type, gzipped.has(type)]).toEqual([type, true]);
    });

    it('answers other methods with 405 and Allow, and missing files with a JSON 404, as the Node gateway does', () => {
      const method = child(site, 'if');
      expect(method?.args.join(' ')).toBe('($request_method !~ ^(GET|HEAD)$)');
      expect(child(method, 'return')?.args).toEqual(['405']);
      const errorPages = children(site, 'error_page').map((e) => e.args);
      const handler = (status: string): Directive | undefined => namedLocation(errorPages.find((a) => a.includes(status))?.at(-1));
      const notAllowed = handler('405');
      expect(child(notAllowed, 'return')?.args[0]).toBe('405');
      expect(children(notAllowed, 'add_header').map((h) => h.args)).toEqual([['Allow', 'GET, HEAD', 'always']]);
      for (const status of ['403', '404']) {
        const missing = handler(status);
        expect(child(missing, 'return')?.args[0]).toBe('404');
        expect(child(missing, 'default_type')?.args).toEqual(['application/problem+json']);
        expect(JSON.parse(child(missing, 'return')?.args[1] ?? '')).toMatchObject({ status: 404 });
      }
    });
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
