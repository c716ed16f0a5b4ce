// Typed views of docker-compose.yml and deploy/k8s, the shapes the deployment tests read.
import { readManifests, readRepoFile, readYaml, type Manifest } from './deploy-files.loader.js';

export type ComposeService = {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  command?: string[];
};
export type Compose = { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };

export const APPS = ['command-service', 'projection-service'] as const;
export type AppName = (typeof APPS)[number];

export const readCompose = (): Compose => readYaml<Compose>('docker-compose.yml');

export function composeService(compose: Compose, name: string): ComposeService {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
}

type Probe = { httpGet?: { path: string; port: string | number } };
export type Container = {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
};
export type PodSpec = { containers: Container[]; volumes?: { name: string; configMap?: { name: string }; emptyDir?: Record<string, never> }[] };
export type Workload = Manifest & {
  spec: {
    replicas?: number;
    serviceName?: string;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};
export type Service = Manifest & {
  spec: { clusterIP?: string; publishNotReadyAddresses?: boolean; selector: Record<string, string>; ports: { name?: string; port: number; targetPort?: string | number }[] };
};
/** A ConfigMap (`data`) or Secret (`stringData`). */
export type DataManifest = Manifest & { data: Record<string, string>; stringData: Record<string, string> };
export type Pdb = Manifest & { spec: { selector: { matchLabels: Record<string, string> } } };
export type Kustomization = {
  resources?: string[];
  configMapGenerator?: { name: string; files: string[] }[];
};

/** Every manifest kustomize would load from deploy/k8s (its resources, and resources of referenced bases). */
export function k8sManifests(): Manifest[] {
  const kustomization = readYaml<Kustomization>('deploy/k8s/kustomization.yaml');
  return (kustomization.resources ?? []).filter((r) => r.endsWith('.yaml')).flatMap((r) => readManifests(`deploy/k8s/${r}`));
}

/** The Secrets deploy/k8s expects to exist (secret.example.yaml: their shape, never applied). */
export const k8sExampleSecrets = (): Manifest[] => readManifests('deploy/k8s/secret.example.yaml');

export const ofKind = <T extends Manifest>(manifests: Manifest[], kind: string): T[] => manifests.filter((m) => m.kind === kind) as T[];

export function named<T extends Manifest>(manifests: Manifest[], kind: string, name: string): T {
  const found = ofKind<T>(manifests, kind).find((m) => m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return found;
}

export const mainContainer = (workload: Workload): Container => {
  const container = workload.spec.template.spec.containers[0];
  if (!container) throw new Error(`${workload.metadata.name} has no container`);
  return container;
};

/** The variables a container sees: inline env plus the keys of the ConfigMaps and Secrets it loads. */
export function containerEnv(manifests: Manifest[], container: Container): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const data = source.configMapRef
      ? named<DataManifest>(manifests, 'ConfigMap', source.configMapRef.name).data
      : named<DataManifest>(k8sExampleSecrets(), 'Secret', source.secretRef?.name ?? '').stringData;
    for (const [key, value] of Object.entries(data)) env.set(key, value);
  }
  for (const variable of container.env ?? []) env.set(variable.name, variable.value ?? '<from a reference>');
  return env;
}

export const portNumber = (container: Container, port: string | number | undefined): number | undefined =>
  typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;

export const dockerfile = (): string => readRepoFile('deploy/Dockerfile');
