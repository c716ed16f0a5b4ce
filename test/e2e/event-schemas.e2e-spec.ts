import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ACCOUNT_PACKAGE_EVENT_TYPES } from '../../libs/domain/src/accounts/account-package.events.js';
import { CATALOG_EVENT_TYPES } from '../../libs/domain/src/catalog/catalog-package.events.js';
import { WEBHOOK_EVENT_TYPES } from '../../libs/domain/src/webhooks/webhook.events.js';
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import { currentSchemaVersion } from '../../libs/event-store/src/upcasting/schema-versions.js';
import { startNats, type NatsServer } from '../support/nats-server.js';
import { call, SECRET, startCommandService, waitFor, type CommandProcess } from './command-service.harness.js';

// The public event contract (SPEC §7): every event the command service writes, collected from the
// stream with a raw client, validates against its schema file — as shipped (open), and closed, so a
// field the system writes but the schema does not describe fails too.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STREAM = 'ARTIFACTS';
const ACTOR = '6a0f3c2e-1b4d-4e5f-9a8b-7c6d5e4f3a2b';
const FAMILY_TYPES = { catalog: [...CATALOG_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES], accounts: [...ACCOUNT_PACKAGE_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES] } as const;
/** Appended by the delivery engine after an endpoint failed for 5 days (webhooks-failures e2e, on a short clock). */
const NOT_CLIENT_CAUSED: readonly string[] = ['catalog.WebhookDisabled', 'accounts.WebhookDisabled'];
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

type Message = { seq: number; headers: Record<string, string>; event: Record<string, unknown> & { id: string; type: string; source: string; schemaversion: number } };

const schemaFile = (type: string, version: number): string => {
  const [family, name] = type.split('.');
  return join(ROOT, 'schemas', 'events', family ?? '', `${name ?? ''}.v${version}.json`);
};
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** Every object schema that lists its properties admits no others. */
const closed = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(closed);
  if (typeof node !== 'object' || node === null) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closed(value)]));
  return 'properties' in copy && !('additionalProperties' in copy) ? { ...copy, additionalProperties: false } : copy;
};

const validators = (mode: 'open' | 'closed') => {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const cache = new Map<string, ValidateFunction>();
  return (type: string, version: number): ValidateFunction => {
    const file = schemaFile(type, version);
    const schema = readJson(file);
    let validate = cache.get(file);
    if (!validate) cache.set(file, (validate = ajv.compile(mode === 'open' ? schema : (closed(schema) as object))));
    return validate;
  };
};

let nats: NatsServer;
let service: CommandProcess;
let messages: Message[] = [];

beforeAll(async () => {
  nats = await startNats();
  service = await startCommandService({ NATS_URL: nats.url, EVENT_STREAM: STREAM, WEBHOOK_ALLOW_PRIVATE: 'true' });
  await produceEveryEvent();
  messages = await readStream();
}, 120_000);
afterAll(async () => {
  await service?.stop();
  await nats?.stop();
});

async function readStream(): Promise<Message[]> {
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    const out: Message[] = [];
    for (let seq = 1, last = (await jsm.streams.info(STREAM)).state.last_seq; seq <= last; seq++) {
      const msg = await jsm.streams.getMessage(STREAM, { seq });
      const headers = Object.fromEntries([...(msg?.header.keys() ?? [])].map((key) => [key, msg?.header.get(key) ?? '']));
      if (msg) out.push({ seq, headers, event: msg.json<Message['event']>() });
    }
    return out;
  } finally {
    await nc.close();
  }
}

async function produceEveryEvent(): Promise<void> {
  const admin = await signDevToken({ secret: SECRET, sub: ACTOR, role: 'admin', ttl: '10m' });
  const send = async (method: string, path: string, body?: unknown, status = 200, token = admin): Promise<Record<string, unknown>> => {
    const answer = await call(service.baseUrl, method, path, { token, ...(body !== undefined && { body }) });
    if (answer.status !== status) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return (answer.body ?? {}) as Record<string, unknown>;
  };
  // catalog: a full and a minimal package, every VersionSet, component and release write, then deletes.
  const suffix = randomUUID().slice(0, 8);
  const full = await send('POST', '/packages', {
    title: 'Argo Workflows', system: 'helm', aliases: [`argo-${suffix}`, `wf-${suffix}`], description: 'Workflow engine',
    versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 90 },
  }, 201);
  await send('POST', '/packages', { title: 'Minimal', system: 'kube' }, 201);
  await send('PUT', `/packages/${String(full.id)}/`, { ...full, title: 'Argo Workflows 3', aliases: [`argo-${suffix}`] });
  const set = await send('POST', `/packages/${String(full.id)}/versionsets`, { version_constraint: '>=1.0.0 <2.0.0' }, 201);
  await send('PUT', `/packages/${String(full.id)}/versionsets/1/`, { ...set, version_constraint: '>=1.0.0 <3.0.0' });
  await produceComponentAndReleaseEvents(send, String(full.id));
  await send('DELETE', `/packages/${String(full.id)}/versionsets/1/`, undefined, 204);
  await send('DELETE', `/packages/${String(full.id)}/`, undefined, 204);
  await produceWebhookEvents('/webhooks', admin);
  await produceAccountEvents();
}

type Send = (method: string, path: string, body?: unknown, status?: number) => Promise<Record<string, unknown>>;

/** Components of VersionSet 1 and releases, each write with its optional fields and without. */
async function produceComponentAndReleaseEvents(send: Send, pkg: string): Promise<void> {
  const components = `/packages/${pkg}/versionsets/1/components`;
  const controller = await send('POST', components, { name: 'controller', title: 'Controller', primary: true, description: 'The controller' }, 201);
  await send('POST', components, { name: 'ghcr.io/org/webhook', title: 'Webhook', primary: false }, 201);
  await send('PUT', `${components}/controller/`, { ...controller, description: null, title: 'Controller 2' });
  await send('DELETE', `${components}/${encodeURIComponent('ghcr.io/org/webhook')}/`, undefined, 204);
  const releases = `/packages/${pkg}/releases`;
  const full = await send('POST', releases, { version: 'v1.2.0', released_on: '2025-03-01T12:00:00Z', changes: [{ kind: 'added', description: 'Workflows' }] }, 201);
  await send('POST', releases, { version: '1.3.0-rc.1' }, 201);
  await send('PUT', `${releases}/v1.2.0/`, { ...full, changes: [] });
  await send('DELETE', `${releases}/${pkg}@1.3.0-rc.1/`, undefined, 204);
}

/** Every webhook registration event a client can cause (a closed port on loopback: nothing is delivered). */
async function produceWebhookEvents(collection: string, token: string): Promise<void> {
  const send = async (method: string, path: string, body: unknown, status: number): Promise<Record<string, unknown>> => {
    const answer = await call(service.baseUrl, method, path, { token, ...(body !== undefined && { body }) });
    if (answer.status !== status) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return (answer.body ?? {}) as Record<string, unknown>;
  };
  const created = await send('POST', collection, { url: 'http://127.0.0.1:9/hook', description: 'schemas' }, 201);
  const one = `${collection}/${String(created.id)}`;
  const { secret: _secret, ...body } = created;
  await send('PUT', one, { ...body, types: [`${collection === '/webhooks' ? 'catalog' : 'accounts'}.PackageCreated`], active: false }, 200);
  await send('POST', `${one}/rotate-secret`, undefined, 200);
  await send('POST', `${one}/ping`, undefined, 202);
  await send('POST', `${one}/replay`, { from: 1 }, 202);
  await send('POST', `${one}/replay`, { from: new Date(0).toISOString() }, 202);
  await send('DELETE', one, undefined, 204);
}

async function produceAccountEvents(): Promise<void> {
  const accountId = randomUUID();
  const token = await signDevToken({ secret: SECRET, sub: ACTOR, role: 'member', accounts: [accountId], ttl: '10m' });
  const collection = `/accounts/${accountId}/core/v1/packages`;
  const post = async (body: object) => {
    const answer = await call(service.baseUrl, 'POST', collection, { token, body });
    if (answer.status !== 201) throw new Error(`POST: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Record<string, unknown> & { id: string };
  };
  const digest = `sha256:${'ab'.repeat(32)}`;
  const base = { type: 'application/astra-package', version: '1.0', packageType: 'install', severityLevel: 'critical' };
  const full = await post({
    ...base, packageName: 'full', packageVersion: 'v1.2.3', bundleName: ['core', 'extras'],
    images: [
      { imagePath: '/repo/a', imageName: 'api', imageTag: '1.0', imageDigest: digest, dependsOnImages: [{ imagePath: '/repo/a', imageName: 'db', imageTag: '2.0' }] },
      { imagePath: '/repo/a', imageName: 'db', imageTag: '2.0', imageDigest: digest },
    ],
    artifacts: [{ artifactName: 'cli', artifactIdentifier: 'cli-linux', artifactPath: '/bin/cli', artifactVersion: '1.0', dependsOnComponents: [{ componentName: 'kubernetes', versions: ['1.28', '1.29'] }] }],
    files: [{ fileName: 'values.yaml', fileIdentifier: 'values', fileMediaType: 'application/x-yaml', fileContents: b64('replicas: 2\n') }],
    upgradableVersions: { minVersion: '1.0.0', maxVersion: '1.2.2' },
    dependencies: [{ componentName: 'kubernetes', componentMinVersion: 'v1.19.7', componentMaxVersion: 'v1.29' }],
    metadata: { labels: [{ name: 'team', value: 'storage' }] },
  });
  await post({ ...base, packageName: 'minimal', packageVersion: '1.0.0', packageType: 'patch', severityLevel: 'recommended' });
  const verified = async (): Promise<boolean> => (await readStream()).some((m) => m.event.subject === full.id && m.event.type === 'accounts.PackageStateChanged');
  await waitFor(verified, 15_000, service.output);
  const put = { ...full, packageState: 'corrupt', packageStateDetails: [{ type: 'manual', title: 'Pulled', detail: 'by an operator' }], metadata: { labels: [{ name: 'team', value: 'infra' }] } };
  for (const [method, body, status] of [['PUT', put, 204], ['DELETE', undefined, 204]] as const) {
    const answer = await call(service.baseUrl, method, `${collection}/${full.id}`, { token, ...(body && { body }) });
    if (answer.status !== status) throw new Error(`${method}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  await produceWebhookEvents(`/accounts/${accountId}/core/v1/webhooks`, token);
}

describe('event schemas', () => {
  const open = validators('open');
  const strict = validators('closed');

  it('collects every event type of both families a client can cause from the stream', () => {
    const seen = new Set(messages.map((m) => m.event.type));
    const all = Object.entries(FAMILY_TYPES).flatMap(([family, types]) => types.map((type) => `${family}.${type}`));
    const written = all.filter((type) => !NOT_CLIENT_CAUSED.includes(type));
    expect([...seen].sort()).toEqual([...written].sort());
  });

  it('validates every event against its schema, as shipped and with no undescribed field', () => {
    const failures = messages.flatMap(({ seq, event }) =>
      [open, strict].flatMap((validatorFor) => {
        const { type, schemaversion } = event;
        const validate = validatorFor(type, schemaversion);
        return validate(event) ? [] : [`#${seq} ${type}: ${JSON.stringify(validate.errors)}`];
      }),
    );
    expect(failures).toEqual([]);
  });

  it('repeats id, type and source in the NATS headers', () => {
    for (const { headers, event } of messages) {
      expect(headers).toMatchObject({ 'Nats-Msg-Id': event.id, 'ce-type': event.type, 'ce-source': event.source, 'content-type': 'application/cloudevents+json' });
    }
  });

  it('has a schema per event type whose $id is the events dataschema, and an AsyncAPI message referencing it', () => {
    const asyncapi = parse(readFileSync(join(ROOT, 'docs', 'asyncapi.yaml'), 'utf8')) as { components: { messages: Record<string, { name: string; payload: { schema: { $ref: string } } }> } };
    const byName = new Map(Object.values(asyncapi.components.messages).map((m) => [m.name, m.payload.schema.$ref]));
    for (const [family, types] of Object.entries(FAMILY_TYPES)) {
      for (const type of types) {
        const version = currentSchemaVersion(`${family}.${type}`);
        const file = schemaFile(`${family}.${type}`, version);
        expect(readJson(file).$id).toBe(`urn:artifact-register:events:${family}:${type}:${version}`);
        const ref = byName.get(`${family}.${type}`);
        expect(ref && resolve(join(ROOT, 'docs'), ref)).toBe(file);
      }
    }
    expect(byName.size).toBe(FAMILY_TYPES.catalog.length + FAMILY_TYPES.accounts.length);
  });

  it('rejects an event missing a required field, and (closed) one carrying an undescribed field', () => {
    const changed = messages.find((m) => m.event.type === 'accounts.PackageStateChanged')?.event;
    if (!changed) throw new Error('no PackageStateChanged in the stream');
    const data = changed.data as Record<string, unknown>;
    const { labels: _labels, ...withoutLabels } = data;
    expect(open(changed.type, 1)({ ...changed, data: withoutLabels })).toBe(false);
    expect(open(changed.type, 1)({ ...changed, data: { ...data, extra: true } })).toBe(true);
    expect(strict(changed.type, 1)({ ...changed, data: { ...data, extra: true } })).toBe(false);
  });
});
