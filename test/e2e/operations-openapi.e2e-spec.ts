import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mergeOpenApi } from '../../apps/gateway/src/openapi-merge.js';
import { signDevToken } from '../../libs/http/src/auth/dev-token.js';
import { call, SECRET, tokenFor } from './command-service.harness.js';
import { startSystem, type System } from './operations.harness.js';

// SPEC §8: /openapi.json and /docs on both services without a token, each document listing the
// routes that service serves; the gateway's merged document; real answers valid against it.

type Document = { openapi: string; paths: Record<string, Record<string, { security: unknown[] }>>; components: Record<string, Record<string, unknown>> };

let system: System;
beforeAll(async () => {
  system = await startSystem({ gateway: true });
});
afterAll(async () => system?.close());

const fetchDocument = async (baseUrl: string): Promise<Document> => {
  const answer = await call(baseUrl, 'GET', '/openapi.json');
  expect([answer.status, answer.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^application\/json/)]);
  return answer.body as Document;
};

/** A concrete URL for a path template (ids that need not exist: the point is the route answers). */
const concrete = (template: string): string =>
  template
    .replace('{file}', 'Package.json')
    .replace('{asset}', 'swagger-ui.css')
    .replace('{number}', '1')
    .replace(/\{[a-z_]+\}/g, '6f0c2a3e-8b1d-4c5e-9f7a-0b1c2d3e4f5a');

const operations = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

describe.each(['command', 'query'] as const)('the %s service', (which) => {
  const service = () => (which === 'command' ? system.command : system.query);

  it('serves /openapi.json and /docs without a token', async () => {
    const document = await fetchDocument(service().baseUrl);
    expect(document.openapi).toBe('3.1.0');
    const docs = await fetch(`${service().baseUrl}/docs`);
    expect([docs.status, docs.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await docs.text()).toContain("SwaggerUIBundle({ url: '/openapi.json'");
    const bundle = await fetch(`${service().baseUrl}/docs/swagger-ui-bundle.js`);
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'application/javascript; charset=utf-8']);
  });

  it('serves every route its document lists: public ones answer, the others want a token', async () => {
    const document = await fetchDocument(service().baseUrl);
    const writes = operations(document).filter(({ method }) => method !== 'get');
    // Packages and VersionSets (6), components and releases (6), account packages (3), webhooks of both families (2 × 6).
    expect(writes.length).toBe(which === 'command' ? 27 : 0);
    for (const { path, method, op } of operations(document)) {
      const answer = await fetch(`${service().baseUrl}${concrete(path)}`, { method: method.toUpperCase() });
      const expected = op.security.length === 0 ? 200 : 401;
      expect({ route: `${method} ${path}`, status: answer.status }).toEqual({ route: `${method} ${path}`, status: expected });
    }
  });
});

describe('the gateway', () => {
  it('serves both documents merged, and /docs, but not /metrics', async () => {
    const [command, query, merged] = await Promise.all([fetchDocument(system.command.baseUrl), fetchDocument(system.query.baseUrl), fetchDocument(system.gateway!.baseUrl)]);
    expect(merged).toEqual(mergeOpenApi(command, query));
    expect(Object.keys(merged.paths['/packages'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(merged.paths['/packages/{package}/'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(merged.paths['/accounts/{account_id}/core/v1/packages/{package_id}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    for (const { op } of operations(merged)) {
      for (const ref of JSON.stringify(op).match(/#\/components\/[A-Za-z]+\/[A-Za-z0-9]+/g) ?? []) {
        const [, , kind = '', name = ''] = ref.split('/');
        expect({ ref, found: merged.components[kind]?.[name] !== undefined }).toEqual({ ref, found: true });
      }
    }
    expect((await fetch(`${system.gateway!.baseUrl}/docs`)).status).toBe(200);
    expect((await fetch(`${system.gateway!.baseUrl}/metrics`)).status).toBe(404);
  });

  it('answers both families with bodies valid against the documented schemas', async () => {
    const merged = await fetchDocument(system.gateway!.baseUrl);
    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'https://register.test/openapi.json', components: merged.components });
    const valid = (schema: string, body: unknown) => {
      const check = ajv.compile({ $ref: `https://register.test/openapi.json#/components/schemas/${schema}` });
      return check(body) ? true : check.errors;
    };
    const base = system.gateway!.baseUrl;
    const admin = await tokenFor('admin');
    const accountId = randomUUID();
    const member = await signDevToken({ secret: SECRET, sub: randomUUID(), role: 'member', accounts: [accountId], ttl: '10m' });

    const created = await call(base, 'POST', '/packages', { token: admin, body: { title: 'Argo', system: 'helm', aliases: [`doc-${randomUUID().slice(0, 8)}`] } });
    expect([created.status, valid('Package', created.body)]).toEqual([201, true]);
    const consistent = { 'x-consistency-token': created.headers.get('x-consistency-token') ?? '' };
    const read = await call(base, 'GET', `/packages/${(created.body as { id: string }).id}/`, { token: admin, headers: consistent });
    expect([read.status, valid('Package', read.body)]).toEqual([200, true]);
    const page = await call(base, 'GET', '/packages?page_size=1', { token: admin, headers: consistent });
    expect([page.status, valid('PackagePage', page.body)]).toEqual([200, true]);
    const refused = await call(base, 'POST', '/packages', { token: admin, body: { title: '', system: 'helm', extra: 1 } });
    expect([refused.status, valid('ErrorModel', refused.body)]).toEqual([422, true]);

    const astra = { type: 'application/astra-package', version: '1.0', packageName: 'acc', packageVersion: '22.09.1', packageType: 'patch', severityLevel: 'recommended', metadata: { labels: [{ name: 'team', value: 'ops' }] } };
    const collection = `/accounts/${accountId}/core/v1/packages`;
    const made = await call(base, 'POST', collection, { token: member, body: astra });
    expect([made.status, valid('AstraPackage', made.body)]).toEqual([201, true]);
    expect(valid('Package', made.body)).not.toBe(true); // the validator does refuse a body of the other family
    const after = { 'x-consistency-token': made.headers.get('x-consistency-token') ?? '' };
    const got = await call(base, 'GET', `${collection}/${(made.body as { id: string }).id}`, { token: member, headers: after });
    expect([got.status, valid('AstraPackage', got.body)]).toEqual([200, true]);
    const list = await call(base, 'GET', `${collection}?count=true`, { token: member, headers: after });
    expect([list.status, valid('AstraPackageList', list.body)]).toEqual([200, true]);
    const problem = await call(base, 'GET', collection, {});
    expect([problem.status, valid('AstraProblem3', problem.body)]).toEqual([401, true]);
    expect(valid('AstraProblem4', problem.body)).not.toBe(true); // each number's texts are fixed
  });
});
