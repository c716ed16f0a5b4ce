import { readRepoFile } from './support/deploy-files.loader.js';
import { k8sManifests, mainContainer, named, portNumber, type DataManifest, type Service, type Workload } from './support/deploy-model.js';

type NodeConf = { serverName: string; client: string; monitor: string; clusterName: string; clusterListen: string; routes: string[]; storeDir: string };

/** The few settings of a nats-server config file the cluster depends on. */
function readNodeConf(path: string): NodeConf {
  const text = readRepoFile(path);
  const value = (pattern: RegExp): string => pattern.exec(text)?.[1]?.replace(/^"|"$/g, '') ?? '';
  const cluster = /cluster\s*\{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
  return {
    serverName: value(/^server_name:\s*(\S+)/m),
    client: value(/^listen:\s*(\S+)/m),
    monitor: value(/^http:\s*(\S+)/m),
    clusterName: /name:\s*(\S+)/.exec(cluster)?.[1] ?? '',
    clusterListen: /listen:\s*(\S+)/.exec(cluster)?.[1] ?? '',
    routes: [...cluster.matchAll(/nats-route:\/\/(\S+)/g)].map((m) => m[1] ?? ''),
    storeDir: value(/jetstream\s*\{[^}]*store_dir:\s*(\S+)/),
  };
}

describe('the 3-node NATS cluster on loopback (deploy/nats/node-*.conf)', () => {
  const nodes = [1, 2, 3].map((n) => readNodeConf(`deploy/nats/node-${n}.conf`));

  it('gives every node its own name, ports and JetStream store', () => {
    for (const key of ['serverName', 'client', 'monitor', 'clusterListen', 'storeDir'] as const) {
      const values = nodes.map((node) => node[key]);
      expect([key, new Set(values).size, values.every((v) => v !== '')]).toEqual([key, 3, true]);
    }
  });

  it('routes every node to every node of one cluster, on loopback', () => {
    const listens = nodes.map((node) => node.clusterListen).sort();
    for (const node of nodes) {
      expect(node.clusterName).toBe('artifacts');
      expect([...node.routes].sort()).toEqual(listens);
      for (const address of [node.client, node.monitor, node.clusterListen]) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });
});

describe('the NATS StatefulSet (deploy/k8s/nats.yaml, deploy/nats/kubernetes.conf)', () => {
  const manifests = k8sManifests();
  const nats = named<Workload>(manifests, 'StatefulSet', 'nats');
  const conf = readNodeConf('deploy/nats/kubernetes.conf');

  it('runs 3 pods whose routes name every pod through the headless service', () => {
    expect(nats.spec.replicas).toBe(3);
    const headless = named<Service>(manifests, 'Service', nats.spec.serviceName ?? '');
    expect([headless.spec.clusterIP, headless.spec.publishNotReadyAddresses]).toEqual(['None', true]);
    const cluster = portNumber(mainContainer(nats), 'cluster');
    expect(conf.clusterListen).toBe(`0.0.0.0:${cluster}`);
    expect([...conf.routes].sort()).toEqual([0, 1, 2].map((i) => `nats-${i}.${headless.metadata.name}:${cluster}`));
  });

  it('names each server after its pod, stores JetStream on the volume, and probes the monitoring port', () => {
    const container = mainContainer(nats);
    expect(conf.serverName).toBe('$POD_NAME');
    expect(container.env?.find((e) => e.name === 'POD_NAME')).toBeDefined();
    expect(container.volumeMounts?.find((m) => m.name === 'data')?.mountPath).toBe(conf.storeDir);
    expect(`0.0.0.0:${portNumber(container, container.livenessProbe?.httpGet?.port)}`).toBe(conf.monitor);
    expect(container.livenessProbe?.httpGet?.path).toMatch(/^\/healthz/);
  });

  it('is what the services connect to, with no more stream replicas than nodes', () => {
    const config = named<DataManifest>(manifests, 'ConfigMap', 'app-config').data;
    expect(Number(config.STREAM_REPLICAS)).toBeLessThanOrEqual(nats.spec.replicas ?? 0);
    const client = new URL(config.NATS_URL ?? '');
    const service = named<Service>(manifests, 'Service', client.hostname);
    expect(service.spec.ports.map((p) => p.port)).toContain(Number(client.port));
    expect(`0.0.0.0:${client.port}`).toBe(conf.client);
  });
});
