import { readManifests, readYaml, repoFileExists } from './support/deploy-files.loader.js';
import { k8sManifests, named, type Container, type Kustomization, type Workload } from './support/deploy-model.js';

type Images = { images?: { name: string; newTag?: string }[]; namespace?: string };
type Job = Workload & { spec: { backoffLimit?: number; template: { spec: { restartPolicy?: string; securityContext?: Record<string, unknown> } } } };
type SecuredContainer = Container & { command?: string[]; securityContext?: { readOnlyRootFilesystem?: boolean } };

const job = (): Job => named<Job>(readManifests('deploy/k8s/rebuild/job.yaml'), 'Job', 'projections-rebuild');
const container = (): SecuredContainer => job().spec.template.spec.containers[0] as SecuredContainer;

describe('the read-model rebuild Job (deploy/k8s/rebuild)', () => {
  it('runs the compiled rebuild entry point of the projection-service image directly, no npm and no build', () => {
    const [node, entry = ''] = container().command ?? [];
    expect(node).toBe('node');
    expect(repoFileExists(entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'))).toBe(true);
    const deployment = named<Workload>(k8sManifests(), 'Deployment', 'projection-service');
    expect(container().image).toBe(deployment.spec.template.spec.containers[0]?.image);
  });

  it('reads the same configuration and runs as locked down as the projection-service Deployment', () => {
    const deployment = named<Workload>(k8sManifests(), 'Deployment', 'projection-service').spec.template.spec.containers[0];
    expect(container().envFrom).toEqual(deployment?.envFrom);
    expect(container().securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(job().spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(job().spec.template.spec.restartPolicy).toBe('Never');
  });

  it('is never started by applying the system, and takes the namespace and image tag the system uses', () => {
    const system = readYaml<Kustomization & Images>('deploy/k8s/kustomization.yaml');
    expect((system.resources ?? []).filter((r) => r.includes('rebuild'))).toEqual([]);
    const rebuild = readYaml<Kustomization & Images>('deploy/k8s/rebuild/kustomization.yaml');
    expect(rebuild.namespace).toBe(system.namespace);
    const tag = (k: Images) => k.images?.find((i) => i.name === 'artifact-register/projection-service')?.newTag;
    expect(tag(rebuild)).toBe(tag(system));
  });
});
