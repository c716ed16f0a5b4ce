// Shared pieces of the component and release e2e tests: a client of the gateway writing as admin
// and reading with the write's consistency token, the seed schemas, and the stream's view of a package.
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { seedSchema } from '../../../apps/projection-service/src/query/testing/query-fixtures.js';
import { call, type Answer } from '../command-service.harness.js';

export const validComponent = seedSchema('PackageComponent');
export const validRelease = seedSchema('PackageRelease');
export const validVersionSet = seedSchema('PackageVersionSet');
export const validError = seedSchema('ErrorModel');

export type Options = NonNullable<Parameters<typeof call>[3]>;
export type Send = (method: string, path: string, options?: Options) => Promise<Answer>;

/** Writes as `token` (overridable per call); `read` waits for `after` (a write's answer) first. */
export function partsClient(baseUrl: string, token: string) {
  const send: Send = (method, path, options = {}) => call(baseUrl, method, path, { token, ...options });
  const read = (path: string, after?: Answer, options: Options = {}) =>
    send('GET', path, { ...options, headers: { ...options.headers, ...(after && { 'x-consistency-token': after.headers.get('x-consistency-token') ?? '' }) } });
  /** A package with an alias and VersionSets of `ranges` (numbers 1, 2, …). */
  const newPackage = async (...ranges: string[]): Promise<{ id: string; alias: string; last: Answer }> => {
    const alias = `parts-${randomUUID().slice(0, 8)}`;
    let last = await send('POST', '/packages', { body: { title: 'Cert Manager', system: 'helm', aliases: [alias] } });
    if (last.status !== 201) throw new Error(`package create: ${last.status} ${JSON.stringify(last.body)}`);
    const id = (last.body as { id: string }).id;
    for (const range of ranges) {
      last = await send('POST', `/packages/${id}/versionsets`, { body: { version_constraint: range } });
      if (last.status !== 201) throw new Error(`versionset create: ${last.status} ${JSON.stringify(last.body)}`);
    }
    return { id, alias, last };
  };
  return { send, read, newPackage };
}

export const etagOf = (answer: Answer): number => Number((answer.headers.get('etag') ?? '').replaceAll('"', ''));

/** The sequence of the package's last event in the stream (its version), read with a raw client. */
export async function lastSequence(natsUrl: string, stream: string, packageId: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const msg = await jsm.streams.getMessage(stream, { last_by_subj: `artifacts.catalog.${packageId}` });
    return msg?.seq ?? 0;
  } finally {
    await nc.close();
  }
}

export const component = (name: string, extra: Record<string, unknown> = {}) => ({ name, title: `Title of ${name}`, primary: false, ...extra });
