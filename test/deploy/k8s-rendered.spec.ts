// What `kubectl apply -k deploy/k8s` would create, rendered by kustomize itself (no cluster): the
// restricted pod security standard on every pod, pinned images, no Secret, and NetworkPolicies under
// which only the gateway is reachable from outside and the services reach only NATS and Postgres.
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { readRepoFile, repoPath } from './support/deploy-files.loader.js';

type Labels = Record<string, string>;
type Selector = { matchLabels?: Labels };
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string } };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { protocol?: string; port: number }[] };
type SecurityContext = {
  runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string }; allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[]; add?: string[] }; privileged?: boolean;
};
type Container = { name: string; image: string; securityContext?: SecurityContext; readinessProbe?: { httpGet?: { path: string } } };
type PodSpec = { automountServiceAccountToken?: boolean; securityContext?: SecurityContext; containers: Container[]; initContainers?: Container[]; hostNetwork?: boolean };
type Rendered = {
  kind: string;
  metadata: { name: string; labels?: Labels };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    template?: { metadata: { labels: Labels }; spec: PodSpec };
    podSelector?: Selector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[];
  };
};

const rendered: Rendered[] = parseAllDocuments(execFileSync('kubectl', ['kustomize', repoPath('deploy/k8s')], { encoding: 'utf8' }))
  .map((doc) => doc.toJS() as Rendered);
const of = (kind: string): Rendered[] => rendered.filter((m) => m.kind === kind);
const workloads = rendered.filter((m) => m.spec?.template?.spec);
const podSpec = (w: Rendered): PodSpec => w.spec?.template?.spec as PodSpec;
const podLabels = (name: string): Labels => workloads.find((w) => w.metadata.name === name)?.spec?.template?.metadata.labels ?? {};

describe('the rendered Kubernetes manifests', () => {
  it('hold no Secret: secret.example.yaml is never applied over a real one', () => {
    expect(of('Secret')).toEqual([]);
  });

  it('enforce the restricted pod security standard on the namespace', () => {
    expect(of('Namespace')[0]?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it.each(workloads.map((w) => [w.kind, w.metadata.name, w] as const))('%s %s runs restricted: non-root, seccomp, no token, no privilege', (_kind, _name, workload) => {
    const pod = podSpec(workload);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const context = container.securityContext ?? {};
      expect([container.name, context.allowPrivilegeEscalation, context.readOnlyRootFilesystem, context.privileged ?? false])
        .toEqual([container.name, false, true, false]);
      expect(context.capabilities?.drop).toEqual(['ALL']);
      expect(context.capabilities?.add ?? []).toEqual([]);
    }
  });

  it('pin every image to a release: no latest, no bare major, NATS the version CI tests', () => {
    const images = workloads.flatMap((w) => podSpec(w).containers.map((c) => c.image));
    for (const image of images) {
      const tag = /:([^:/@]+)$/.exec(image)?.[1] ?? '';
      expect([image, tag !== '' && tag !== 'latest' && /^\d+\.\d+\.\d+(-[a-z0-9.]+)?$/.test(tag)]).toEqual([image, true]);
    }
    const tested = /^VERSION=(\S+)/m.exec(readRepoFile('scripts/nats-server-2.10.sh'))?.[1];
    expect(images).toContain(`nats:${tested}-alpine`);
    // The gateway is official nginx with the console (deploy/Dockerfile, target nginx-gateway).
    expect(images.some((i) => /^artifact-register\/gateway-nginx:\d+\.\d+\.\d+$/.test(i))).toBe(true);
    const dockerfile = readRepoFile('deploy/Dockerfile');
    expect(dockerfile).toMatch(/^ARG NGINX_IMAGE=nginx:1\.(29|3\d)\.\d+-alpine$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:26\.\d+\.\d+-/m);
  });

  it('probe readiness per replica, so a shared lag never drains every replica at once', () => {
    for (const name of ['command-service', 'projection-service']) {
      const container = podSpec(workloads.find((w) => w.metadata.name === name) as Rendered).containers[0];
      expect(container?.readinessProbe?.httpGet?.path).toBe('/health/ready?scope=replica');
    }
  });

  it('run R3 streams and buckets on 3 NATS nodes that fsync every write', () => {
    const config = of('ConfigMap').find((c) => c.metadata.name === 'app-config')?.data ?? {};
    expect(config.STREAM_REPLICAS).toBe('3');
    expect(of('StatefulSet').find((s) => s.metadata.name === 'nats')?.spec?.replicas).toBe(3);
    const natsConfig = of('ConfigMap').find((c) => c.metadata.name.startsWith('nats-config'))?.data ?? {};
    expect(natsConfig['nats.conf']).toMatch(/^\s*sync_interval:\s*always\s*$/m);
    expect(natsConfig['nats.conf']).toMatch(/^include \.\/auth\.conf$/m);
    expect(Object.keys(natsConfig).sort()).toEqual(['auth.conf', 'nats.conf']);
    expect(new URL(config.NATS_URL ?? '').protocol).toBe('tls:');
  });
});

/** Whether a NetworkPolicy selector picks the pod (same namespace, matchLabels only, as ours use). */
const selects = (selector: Selector | undefined, labels: Labels): boolean =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/** What a peer list admits, in words: `any`, `pod:<name>`, `namespace:<name>`, `cidr:<range>`. */
function peers(list: Peer[] | undefined): string[] {
  if (!list || list.length === 0) return ['any'];
  return list.map((peer) => {
    if (peer.ipBlock) return `cidr:${peer.ipBlock.cidr}`;
    if (peer.namespaceSelector) return `namespace:${peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] ?? 'any'}`;
    const name = Object.entries(peer.podSelector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    return `pod:${name}`;
  });
}

/** Every (peer, port) a pod may reach (`egress`) or be reached from (`ingress`) under all policies. */
function allowed(direction: 'ingress' | 'egress', labels: Labels): string[] {
  const policies = of('NetworkPolicy').filter((p) => selects(p.spec?.podSelector, labels));
  const rules = policies.flatMap((p) => p.spec?.[direction] ?? []);
  return [...new Set(rules.flatMap((r) => peers(direction === 'ingress' ? r.from : r.to).flatMap((peer) => (r.ports ?? [{ port: 0 }]).map((p) => `${peer}:${p.port}`))))].sort();
}

describe('the NetworkPolicies', () => {
  it('deny everything not opened, for every pod, both ways', () => {
    const deny = of('NetworkPolicy').find((p) => p.metadata.name === 'default-deny');
    expect(deny?.spec?.podSelector).toEqual({});
    expect([...(deny?.spec?.policyTypes ?? [])].sort()).toEqual(['Egress', 'Ingress']);
    expect(deny?.spec?.ingress ?? []).toEqual([]);
    expect(deny?.spec?.egress ?? []).toEqual([]);
  });

  it('admit traffic from outside the namespace to the gateway only (and the scraper to metrics ports)', () => {
    expect(allowed('ingress', podLabels('gateway'))).toEqual(['any:8080']);
    for (const name of ['command-service', 'projection-service', 'nats']) {
      expect([name, allowed('ingress', podLabels(name)).filter((rule) => rule.startsWith('any') || rule.startsWith('cidr'))]).toEqual([name, []]);
    }
    expect(allowed('ingress', podLabels('command-service'))).toEqual(['namespace:monitoring:3000', 'pod:app.kubernetes.io/name=gateway:3000']);
    expect(allowed('ingress', podLabels('projection-service'))).toEqual(['namespace:monitoring:3001', 'pod:app.kubernetes.io/name=gateway:3001']);
  });

  it('let the services reach NATS (the projection service Postgres, the command service webhook endpoints) and nothing else', () => {
    const dns = ['namespace:kube-system:53'];
    const nats = 'pod:app.kubernetes.io/name=nats:4222';
    // The command service also delivers webhooks: public addresses only (private ranges excepted).
    expect(allowed('egress', podLabels('command-service'))).toEqual([...dns, nats, 'cidr:0.0.0.0/0:0', 'cidr:::/0:0'].sort());
    const deliveries = of('NetworkPolicy').find((p) => p.metadata.name === 'webhook-deliveries');
    const blocks = (deliveries?.spec?.egress ?? []).flatMap((r) => (r.to ?? []).map((peer) => peer.ipBlock));
    expect(blocks.flatMap((b) => (b as { except?: string[] } | undefined)?.except ?? [])).toEqual(expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16', '127.0.0.0/8', 'fc00::/7']));
    expect(allowed('egress', podLabels('projection-service'))).toEqual(['cidr:0.0.0.0/0:5432', ...dns, nats].sort());
    expect(allowed('egress', podLabels('gateway'))).toEqual(
      [...dns, 'pod:app.kubernetes.io/name=command-service:3000', 'pod:app.kubernetes.io/name=projection-service:3001'].sort(),
    );
  });

  it('let NATS clients in only from labelled pods, and routes only between the nodes', () => {
    expect(allowed('ingress', podLabels('nats'))).toEqual(
      ['namespace:monitoring:8222', 'pod:app.kubernetes.io/name=nats:6222', 'pod:artifact-register.io/nats-client=true:4222'].sort(),
    );
    expect(allowed('egress', podLabels('nats'))).toEqual(['namespace:kube-system:53', 'pod:app.kubernetes.io/name=nats:6222'].sort());
  });
});
