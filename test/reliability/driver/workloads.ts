import { randomUUID } from 'node:crypto';
import { accountsSubject, catalogSubject, type CommandClient } from './http-client.js';

/**
 * One lane = one sequential client working on its own aggregates, so every 2xx has a known expected
 * event. Lanes run side by side; the chaos loop is what makes their commands ambiguous.
 */
export type Lane = { client: CommandClient; lane: number; runId: string; accountId: string };


/**
 * create → 2 updates → 2 version sets → a component in each, an update and a third component → 2
 * releases and an update → update a version set → delete the other (its component goes with it) →
 * delete a component and a release → (every other time) delete the package: 16–17 commands.
 */
export async function catalogScenario({ client, lane, runId }: Lane, round: number): Promise<void> {
  const alias = `r${runId}-${lane}-${round}`.toLowerCase();
  const created = await client.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: `Package ${alias}`, system: 'helm', aliases: [alias] } });
  const id = created?.status === 201 ? (created.body?.id as string) : undefined;
  if (!id) return;
  const record = { subject: catalogSubject(id) };
  for (const n of [1, 2]) {
    await client.send({ kind: 'catalog.update', method: 'PUT', path: `/packages/${id}/`, body: { title: `Package ${alias} v${n}`, system: 'helm', aliases: [alias] }, ...record });
  }
  for (const major of [1, 2]) {
    await client.send({ kind: 'versionset.create', method: 'POST', path: `/packages/${id}/versionsets`, body: { version_constraint: `>=${major}.0.0 <${major + 1}.0.0` }, ...record });
    const component = { name: `part-${major}`, title: `Part ${major}`, primary: true };
    await client.send({ kind: 'component.create', method: 'POST', path: `/packages/${id}/versionsets/${major}/components`, body: component, ...record });
  }
  const part = `/packages/${id}/versionsets/2/components/part-2/`;
  await client.send({ kind: 'component.update', method: 'PUT', path: part, body: { name: 'part-2', title: 'Part 2', primary: false, description: `round ${round}` }, ...record });
  // Stays while its package lives, so the read-model check compares live components too.
  await client.send({ kind: 'component.create', method: 'POST', path: `/packages/${id}/versionsets/2/components`, body: { name: 'sidecar', title: 'Sidecar', primary: false }, ...record });
  for (const version of ['1.4.0', `v2.${round}.0`]) {
    await client.send({ kind: 'release.create', method: 'POST', path: `/packages/${id}/releases`, body: { version, changes: [] }, ...record });
  }
  const changes = [{ kind: 'fixed', description: `round ${round}` }];
  await client.send({ kind: 'release.update', method: 'PUT', path: `/packages/${id}/releases/1.4.0/`, body: { version: '1.4.0', changes }, ...record });
  await client.send({ kind: 'versionset.update', method: 'PUT', path: `/packages/${id}/versionsets/2/`, body: { version_constraint: '>=2.0.0 <2.5.0' }, ...record });
  await client.send({ kind: 'versionset.delete', method: 'DELETE', path: `/packages/${id}/versionsets/1/`, ...record });
  await client.send({ kind: 'component.delete', method: 'DELETE', path: part, ...record });
  await client.send({ kind: 'release.delete', method: 'DELETE', path: `/packages/${id}/releases/${id}@1.4.0/`, ...record });
  if (round % 2 === 1) await client.send({ kind: 'catalog.delete', method: 'DELETE', path: `/packages/${id}/`, ...record });
}

/** create (the verifier then records its outcome) → 2 PUTs → (every other time) delete: 3–4 commands. */
export async function accountsScenario({ client, lane, accountId }: Lane, round: number): Promise<void> {
  const path = `/accounts/${accountId}/core/v1/packages`;
  const created = await client.send({ kind: 'accounts.create', method: 'POST', path, body: accountPackage(lane, round) });
  const resource = created?.status === 201 ? created.body : undefined;
  const id = resource?.id as string | undefined;
  if (!resource || !id) return;
  const record = { subject: accountsSubject(accountId, id) };
  for (const n of [1, 2]) {
    // available is reachable from every state, so the verifier's outcome never makes this a 409.
    const body = { ...resource, packageState: 'available', packageStateDetails: [], metadata: { ...(resource.metadata as object), labels: [{ name: 'round', value: `${round}-${n}` }] } };
    await client.send({ kind: 'accounts.put', method: 'PUT', path: `${path}/${id}`, body, ...record });
  }
  if (round % 2 === 0) await client.send({ kind: 'accounts.delete', method: 'DELETE', path: `${path}/${id}`, ...record });
}

/** Every third bundle is corrupt (bad YAML) and every third incomplete, so all verifier outcomes occur. */
function accountPackage(lane: number, round: number): Record<string, unknown> {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const variant = round % 3;
  const yaml = variant === 1 ? 'key: [unclosed' : 'key: value\nlist: [1, 2]\n';
  return {
    type: 'application/astra-package',
    version: '1.0',
    packageName: `pkg-${lane}`,
    packageVersion: `1.${round}.0`,
    packageType: 'install',
    severityLevel: 'recommended',
    images: [
      {
        imagePath: '/reliability/app',
        imageName: 'server',
        imageTag: '1.0.0',
        imageDigest: digest,
        ...(variant === 2 && { dependsOnImages: [{ imagePath: '/reliability/app', imageName: 'missing', imageTag: '1.0.0' }] }),
      },
    ],
    files: [{ fileName: 'values.yaml', fileIdentifier: `values-${randomUUID()}`, fileMediaType: 'application/x-yaml', fileContents: Buffer.from(yaml).toString('base64') }],
  };
}

/** Runs `lanes` lanes until `total` commands were sent (each lane finishes its scenario). */
export async function runWorkload(lanes: Lane[], sent: () => number, total: number): Promise<void> {
  await Promise.all(
    lanes.map(async (lane) => {
      for (let round = 0; sent() < total; round++) {
        if (lane.lane % 2 === 0) await catalogScenario(lane, round);
        else await accountsScenario(lane, round);
      }
    }),
  );
}
