import { APP_PORTS, healthUrl } from '../../deploy/healthcheck.js';
import {
  RUNTIME_KEYS, SPEC_KEYS, appHasConfig, configKeys, defaultPort, dockerIgnored, dockerignorePatterns, envExampleKeys,
  healthRoutes, memoryBytes, readRepoFile, readYaml, repoFileExists,
} from './support/deploy-files.loader.js';
import {
  APPS, composeService, containerEnv, dockerfile, k8sExampleSecrets, k8sManifests, mainContainer, named, ofKind, portNumber, readCompose,
  type AppName, type DataManifest, type Kustomization, type Pdb, type Service, type Workload,
} from './support/deploy-model.js';

const PORT_KEYS: Record<AppName, string> = { 'command-service': 'COMMAND_PORT', 'projection-service': 'QUERY_PORT' };
const compose = readCompose();
const manifests = k8sManifests();
const deployments = ofKind<Workload>(manifests, 'Deployment');

describe('the container image (deploy/Dockerfile)', () => {
  const text = dockerfile();

  it('builds in stages, installs from the lock file, builds and prunes dev dependencies', () => {
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/npm ci\b/);
    expect(text).toMatch(/npm run build/);
    expect(text).toMatch(/npm prune --omit=dev/);
  });

  it('runs the entry point APP names as an unprivileged user, with a health check on /health/live', () => {
    expect(text).toMatch(/^ARG APP=/m);
    expect(text).toMatch(/^CMD .*node (?:--\S+ )*"?dist\/apps\/\$\{?APP\}?\/src\/main\.js/m);
    const users = [...text.matchAll(/^USER (\S+)/gm)].map((m) => m[1] ?? '');
    expect(users.length).toBe(2);
    for (const user of users) expect(['root', '0', '0:0']).not.toContain(user);
    expect(text).toMatch(/^HEALTHCHECK .*node.*deploy\/healthcheck\.js.*live/m);
  });

  it('builds the nginx gateway image on a pinned official nginx, with the built console, as uid 101', () => {
    expect(text).toMatch(/^ARG NGINX_IMAGE=nginx:1\.(29|3\d)\.\d+-alpine$/m);
    const stage = /^FROM \$\{NGINX_IMAGE\} AS nginx-gateway$([\s\S]*?)(?=^FROM )/m.exec(text)?.[1] ?? '';
    expect(stage).toMatch(/^COPY --from=build \/app\/dist\/console \/usr\/share\/nginx\/console$/m);
    expect(stage).toMatch(/^USER 101:101$/m);
    // The Node services' image stays the default target (a build without --target).
    expect([...text.matchAll(/^FROM .*$/gm)].at(-1)?.[0]).toBe('FROM ${NODE_IMAGE} AS runtime');
  });

  it('has every file it copies in the build context, and keeps local state out of it', () => {
    const patterns = dockerignorePatterns();
    const copied = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/));
    const needed = [...copied, 'package.json', 'package-lock.json', 'tsconfig.json', '.swcrc', 'apps', 'libs', 'scripts', 'schemas'];
    for (const path of needed) {
      expect([path, repoFileExists(path)]).toEqual([path, true]);
      expect([path, dockerIgnored(patterns, path)]).toEqual([path, false]);
    }
    for (const path of ['node_modules/x', 'dist/apps', '.env', '.local/pg', '.git/HEAD']) {
      expect([path, dockerIgnored(patterns, path)]).toEqual([path, true]);
    }
  });

  it('builds apps that exist, and its health check asks each on its own default port', () => {
    for (const app of [...APPS, 'gateway'] as const) {
      expect(repoFileExists(`apps/${app}/src`)).toBe(true);
      expect(APP_PORTS[app].port).toBe(defaultPort(APP_PORTS[app].key));
      expect(healthUrl({ APP: app })).toBe(`http://127.0.0.1:${defaultPort(APP_PORTS[app].key)}/health/live`);
    }
    expect(healthUrl({ APP: 'projection-service', QUERY_PORT: '4000' }, 'ready')).toBe('http://127.0.0.1:4000/health/ready');
    expect(() => healthUrl({ APP: 'nope' })).toThrow(/APP must be one of/);
  });
});

describe('docker-compose.yml', () => {
  it('runs official NATS from deploy/nats/compose.conf with JetStream in a volume, and Postgres, each with a health check', () => {
    const nats = composeService(compose, 'nats');
    expect(nats.image).toMatch(/^nats:/);
    const args = nats.command ?? [];
    const config = args[args.indexOf('-c') + 1] ?? '';
    const mounts = new Map((nats.volumes ?? []).map((v) => [v.split(':')[1], v.split(':')[0]] as const));
    expect(mounts.get(config)).toBe('./deploy/nats/compose.conf');
    expect(mounts.get(config.replace('compose.conf', 'auth.conf'))).toBe('./deploy/nats/auth.conf');
    const conf = readRepoFile('deploy/nats/compose.conf');
    const store = /store_dir:\s*(\S+)/.exec(conf)?.[1];
    expect(mounts.get(store)).toBe('nats-data');
    const monitor = /^http:\s*\S+:(\d+)/m.exec(conf)?.[1];
    expect(nats.healthcheck?.test.join(' ')).toContain(`:${monitor}/healthz`);
    const postgres = composeService(compose, 'postgres');
    expect(postgres.image).toMatch(/^postgres:/);
    expect(postgres.healthcheck?.test).toContain('pg_isready');
  });

  it('builds each service from deploy/Dockerfile with its APP, on its default port, checked on /health/live', () => {
    for (const app of APPS) {
      const service = composeService(compose, app);
      expect(service.build?.dockerfile).toBe('deploy/Dockerfile');
      expect(repoFileExists(service.build?.dockerfile ?? '')).toBe(true);
      expect(service.build?.args?.APP).toBe(app);
      expect(repoFileExists(`apps/${app}/src`)).toBe(true);
      expect(Number(service.environment?.[PORT_KEYS[app]] ?? defaultPort(PORT_KEYS[app]))).toBe(defaultPort(PORT_KEYS[app]));
      const [, probe] = service.healthcheck?.test.join(' ').match(/deploy\/healthcheck\.js (\S+)$/) ?? [];
      expect(healthRoutes()).toContain(`/health/${probe}`);
    }
  });

  it('starts everything after what it needs is healthy', () => {
    const needs: Record<string, string[]> = {
      'command-service': ['nats'],
      'projection-service': ['nats', 'postgres'],
      gateway: ['command-service', 'projection-service'],
    };
    for (const [name, deps] of Object.entries(needs)) {
      const dependsOn = composeService(compose, name).depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual([...deps].sort());
      for (const dep of deps) {
        expect(dependsOn[dep]?.condition).toBe('service_healthy');
        expect(composeService(compose, dep).healthcheck).toBeDefined();
      }
    }
  });

  it('points the services at the compose NATS and Postgres', () => {
    for (const app of APPS) {
      const env = composeService(compose, app).environment ?? {};
      expect([env.NATS_URL, env.NATS_USER, env.NATS_TLS_CA_FILE]).toEqual(['tls://nats:4222', app, '/run/secrets/nats-tls-ca']);
      expect(env.NATS_PASSWORD).toMatch(/^\$\{NATS_[A-Z]+_PASSWORD:\?.+\}$/);
    }
    // Compose fills ${POSTGRES_PASSWORD:?...} in at run time.
    const db = new URL((composeService(compose, 'projection-service').environment?.DATABASE_URL ?? '').replace(/\$\{[^}]+\}/g, 'x'));
    const pg = composeService(compose, 'postgres').environment ?? {};
    expect([db.hostname, db.port, db.username, db.pathname]).toEqual(['postgres', '5432', pg.POSTGRES_USER, `/${pg.POSTGRES_DB}`]);
  });

  it('builds the gateway as nginx with the console, mounts gateway files that exist and publishes the gateway port', () => {
    const gateway = composeService(compose, 'gateway');
    expect(gateway.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile', target: 'nginx-gateway' });
    expect(gateway.image).toBe('artifact-register/gateway-nginx:local');
    for (const volume of gateway.volumes ?? []) expect(repoFileExists((volume.split(':')[0] ?? '').replace(/^\.\//, ''))).toBe(true);
    expect(gateway.volumes).toContain('./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(gateway.ports?.some((p) => p.endsWith(`:${defaultPort('GATEWAY_PORT')}`))).toBe(true);
  });

  it('pins every image it pulls to a release, NATS to the version CI tests', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.image || service.build) continue;
      expect([name, /:\d+\.\d+(\.\d+)?-[a-z0-9.]+$/.test(service.image)]).toEqual([name, true]);
    }
    const tested = /^VERSION=(\S+)/m.exec(readRepoFile('scripts/nats-server-2.10.sh'))?.[1];
    expect(composeService(compose, 'nats').image).toBe(`nats:${tested}-alpine`);
  });

  it('never commits a JWT secret or password: compose demands them from the environment', () => {
    for (const app of APPS) expect(composeService(compose, app).environment?.AUTH_JWT_SECRET).toMatch(/^\$\{AUTH_JWT_SECRET:\?.+\}$/);
    for (const value of Object.values(composeService(compose, 'nats').environment ?? {})) expect(value).toMatch(/^\$\{NATS_[A-Z]+_PASSWORD:\?.+\}$/);
    expect(composeService(compose, 'postgres').environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    expect(readRepoFile('docker-compose.yml')).not.toMatch(/PASSWORD:-/);
  });
});

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('lists files that exist, and generates ConfigMaps from files that exist', () => {
    const kustomization = readYaml<Kustomization>('deploy/k8s/kustomization.yaml');
    for (const resource of kustomization.resources ?? []) {
      const path = resource.endsWith('.yaml') ? `deploy/k8s/${resource}` : `deploy/k8s/${resource}/kustomization.yaml`;
      expect([path, repoFileExists(path)]).toEqual([path, true]);
      if (resource.endsWith('.yaml')) continue;
      const base = readYaml<Kustomization>(path);
      const files = (base.configMapGenerator ?? []).flatMap((g) => g.files.map((f) => f.split('=').pop() ?? ''));
      for (const file of files) expect(repoFileExists(`deploy/k8s/${resource}/${file}`)).toBe(true);
    }
  });

  it('runs the gateway on the nginx image deploy/Dockerfile builds, at a pinned tag', () => {
    const container = mainContainer(named<Workload>(manifests, 'Deployment', 'gateway'));
    expect(container.image).toBe('artifact-register/gateway-nginx');
    const images = readYaml<{ images?: { name: string; newTag?: string }[] }>('deploy/k8s/kustomization.yaml').images ?? [];
    expect(images.find((i) => i.name === container.image)?.newTag).toMatch(/^\d+\.\d+\.\d+$/);
    // The files nginx writes (pid, temp files) go to a writable emptyDir under a read-only root.
    const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(named<Workload>(manifests, 'Deployment', 'gateway').spec.template.spec.volumes?.find((v) => v.name === tmp?.name))
      .toEqual({ name: 'tmp', emptyDir: {} });
  });

  it('probes each service on its health routes and port', () => {
    const routes = healthRoutes();
    for (const app of APPS) {
      const container = mainContainer(named<Workload>(manifests, 'Deployment', app));
      const port = defaultPort(PORT_KEYS[app]);
      expect(Number(containerEnv(manifests, container).get(PORT_KEYS[app]) ?? port)).toBe(port);
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      // Each replica's own readiness: a shared condition (projection lag) must not drain them all.
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready?scope=replica');
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        if (!probe) continue;
        expect(routes).toContain(probe.httpGet?.path.split('?')[0]);
        expect(portNumber(container, probe.httpGet?.port)).toBe(port);
      }
      const service = named<Service>(manifests, 'Service', app);
      expect(service.spec.ports.map((p) => [p.port, portNumber(container, p.targetPort)])).toEqual([[port, port]]);
    }
  });

  it('gives every Deployment requests, a memory limit and a PodDisruptionBudget', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['command-service', 'gateway', 'projection-service']);
    const pdbs = ofKind<Pdb>(manifests, 'PodDisruptionBudget');
    for (const workload of [...deployments, ...ofKind<Workload>(manifests, 'StatefulSet')]) {
      const labels = workload.spec.template.metadata.labels;
      const covered = pdbs.some((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
      expect([workload.metadata.name, covered]).toEqual([workload.metadata.name, true]);
    }
    for (const deployment of deployments) {
      const resources = mainContainer(deployment).resources;
      expect(resources?.requests?.memory).toBeDefined();
      expect(memoryBytes(resources?.limits?.memory ?? 'none')).toBeLessThanOrEqual(512 * 1024 ** 2);
    }
  });

  // A limit below what a service uses under load gets it OOM-killed exactly when it is busiest.
  it.each(APPS)('sizes %s memory to the RSS the bench measured: request at least that, limit 15 %% above', (app) => {
    const name = app.replace('-', ' ');
    const measured = [...readRepoFile('bench/results/report.md').matchAll(new RegExp(`^\\| ${name} RSS [^|]*\\| (\\d+) MB`, 'gm'))]
      .map((m) => Number(m[1]) * 1e6);
    expect(measured.length).toBeGreaterThan(0);
    const max = Math.max(...measured);
    const resources = mainContainer(named<Workload>(manifests, 'Deployment', app)).resources;
    expect(memoryBytes(resources?.requests?.memory ?? '0')).toBeGreaterThanOrEqual(max);
    expect(memoryBytes(resources?.limits?.memory ?? '0')).toBeGreaterThanOrEqual(max * 1.15);
  });

  it('ships the Secrets as an example kustomize never applies, whose JWT secret no service would accept', () => {
    expect(ofKind(manifests, 'Secret')).toEqual([]);
    expect(readYaml<Kustomization>('deploy/k8s/kustomization.yaml').resources).not.toContain('secret.example.yaml');
    const secret = named<DataManifest>(k8sExampleSecrets(), 'Secret', 'app-secrets');
    expect(Buffer.byteLength(secret.stringData.AUTH_JWT_SECRET ?? '')).toBeLessThan(32);
    expect(readRepoFile('deploy/k8s/secret.example.yaml')).toMatch(/EXAMPLE ONLY, never applied/);
  });
});

describe('configuration keys', () => {
  const composeEnv = (app: AppName): string[] => Object.keys(composeService(compose, app).environment ?? {});
  const k8sEnv = (app: AppName): string[] => [...containerEnv(manifests, mainContainer(named<Workload>(manifests, 'Deployment', app))).keys()];
  const used = (app: AppName): string[] => [...composeEnv(app), ...k8sEnv(app)].filter((k) => !RUNTIME_KEYS.includes(k));

  it.each(APPS)('%s is given only keys the configuration knows', (app) => {
    const known = new Set([...SPEC_KEYS, ...configKeys()]);
    expect(used(app).filter((k) => !known.has(k))).toEqual([]);
    if (appHasConfig(app)) expect(used(app).filter((k) => !configKeys().has(k))).toEqual([]);
    const documented = envExampleKeys();
    if (documented) expect(used(app).filter((k) => !documented.has(k))).toEqual([]);
  });

  it.each(APPS)('%s gets a JWT secret and the NATS URL everywhere, Postgres where it needs it', (app) => {
    for (const keys of [composeEnv(app), k8sEnv(app)]) {
      expect(keys).toEqual(expect.arrayContaining(['AUTH_JWT_SECRET', 'NATS_URL']));
      expect(keys.includes('DATABASE_URL')).toBe(app === 'projection-service');
    }
  });

  it('agrees on the body limit everywhere', () => {
    const limits = [
      ...APPS.map((app) => composeService(compose, app).environment?.BODY_LIMIT_BYTES),
      named<DataManifest>(manifests, 'ConfigMap', 'app-config').data.BODY_LIMIT_BYTES,
    ];
    expect(new Set(limits)).toEqual(new Set(['786432']));
  });
});
