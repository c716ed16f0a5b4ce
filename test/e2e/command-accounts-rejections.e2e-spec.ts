import { randomUUID } from 'node:crypto';
import type { Role } from '../../libs/http/src/auth/principal.js';
import { call, type CommandProcess } from './command-service.harness.js';
import { accountsCollection, accountToken, startAccountWrites, type AccountWritesStack } from './support/account-writes.js';
import { expectVendorConformant } from './support/vendor-check.js';

// One bad input per rule on each account package write (SPEC §3, §5.1, §5.3, §6): the status, the
// exact Astra problem body (the number's fixed texts; what went wrong in particular in its list
// member), an answer that holds against NetApp's document, and no event from the caller in the stream.

const ACTOR = '5b0e2c1d-8a7f-4e3b-9c6d-1f2a3b4c5d6e';
const ACCOUNT = randomUUID();
const OTHER_ACCOUNT = randomUUID();
const UPPER_CASE_ID = randomUUID().toUpperCase();

/** Status, title and detail per problem number, as NetApp's document (and for 32, 38, 85 our supplement) fixes them. */
const TEXTS: Record<number, [string, string, string]> = {
  1: ['404', 'Resource not found', "The resource specified in the request URI wasn't found."],
  2: ['404', 'Collection not found', "The collection specified in the request URI wasn't found."],
  3: ['401', 'Missing bearer token', 'The request is missing the required bearer token.'],
  4: ['401', 'Invalid bearer token', "The bearer token provided is invalid, revoked, or doesn't exist."],
  5: ['400', 'Invalid query parameters', 'The supplied query parameters are invalid.'],
  7: ['400', 'Invalid JSON payload', 'The request body is not valid JSON.'],
  8: ['400', 'Invalid JSON resource', "The request body JSON doesn't conform to the schema."],
  9: ['400', 'Invalid JSON resource', "The request body JSON didn't pass extended validation."],
  10: ['409', 'JSON resource conflict', 'The request body JSON contains a field that conflicts with an idempotent value.'],
  11: ['403', 'Operation not permitted', "The requested operation isn't permitted."],
  32: ['415', 'Unsupported content type', 'The request content type is not supported.'],
  38: ['412', 'Precondition failed', 'The resource has changed since the version given in If-Match.'],
  85: ['413', 'Request body too large', 'The request body exceeds the allowed size.'],
};

type NameReason = { name: string; reason: string };
type Expected = { n: number; list?: 'invalidFields' | 'invalidParams'; fields?: NameReason[]; schemaValidationFailure?: string };
type Auth = 'member' | 'none' | 'forged' | 'viewer' | 'other-account';
type Case = { name: string; method: 'POST' | 'PUT' | 'DELETE'; path?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string>; auth?: Auth; expected: Expected };

let stack: AccountWritesStack;
let service: CommandProcess;
let packageId: string;
let resource: Record<string, unknown>;
/** An ETag the package had before its latest event. */
let staleETag: string;

const token = (role: Role, accounts: string[], secret?: string): Promise<string> => accountToken(ACTOR, role, accounts, secret);

const collection = accountsCollection(ACCOUNT);

const validBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'application/astra-package',
  version: '1.0',
  packageName: `r-${randomUUID().slice(0, 8)}`,
  packageVersion: 'v1.22',
  packageType: 'install',
  severityLevel: 'critical',
  images: [{ imagePath: '/globalcicd/acc', imageName: 'api', imageTag: '1.0.0', imageDigest: `sha256:${'ab'.repeat(32)}` }],
  files: [{ fileName: 'values.json', fileIdentifier: 'values', fileMediaType: 'application/json', fileContents: 'e30=' }],
  ...overrides,
});

beforeAll(async () => {
  stack = await startAccountWrites();
  service = await stack.startService();
  const created = await call(service.baseUrl, 'POST', collection, { token: await token('member', [ACCOUNT]), body: validBody() });
  expect(created.status).toBe(201);
  packageId = (created.body as { id: string }).id;
  staleETag = created.headers.get('etag') ?? '';
  // `corrupt` is a state verification never leaves: the package is quiet from here on.
  resource = { ...(created.body as object), packageState: 'corrupt' };
  const settled = await call(service.baseUrl, 'PUT', `${collection}/${packageId}`, { token: await token('member', [ACCOUNT]), body: resource });
  expect(settled.status).toBe(204);
});

afterAll(() => stack?.stop());

function authorization(auth: Auth): Promise<string | undefined> {
  switch (auth) {
    case 'none':
      return Promise.resolve(undefined);
    case 'forged':
      return token('owner', [ACCOUNT], 'another-secret-that-is-at-least-32-bytes');
    case 'viewer':
      return token('viewer', [ACCOUNT]);
    case 'other-account':
      return token('owner', [OTHER_ACCOUNT]);
    case 'member':
      return token('member', [ACCOUNT]);
    default: {
      const _exhaustive: never = auth;
      return _exhaustive;
    }
  }
}

function problem(correlationID: string, { n, list, fields, schemaValidationFailure }: Expected): Record<string, unknown> {
  const [status, title, detail] = TEXTS[n] ?? ['?', '?', '?'];
  return {
    type: `https://astra.netapp.io/problems/${n}`,
    title,
    detail,
    status,
    correlationID,
    ...(list && { [list]: fields }),
    ...(schemaValidationFailure !== undefined && { schemaValidationFailure }),
  };
}

/** Runs one case: status and body exactly as expected, and the caller appended nothing. */
async function reject(c: Case): Promise<Headers> {
  const before = await stack.lastSeq();
  const bearer = await authorization(c.auth ?? 'member');
  const path = c.path ?? (c.method === 'POST' ? collection : `${collection}/${packageId}`);
  const correlationId = randomUUID();
  const answer = await call(service.baseUrl, c.method, path, {
    ...(bearer && { token: bearer }),
    ...(c.body !== undefined && { body: c.body }),
    ...(c.raw !== undefined && { raw: c.raw }),
    ...(c.contentType && { contentType: c.contentType }),
    headers: { 'x-correlation-id': correlationId, ...c.headers },
  });
  expect([answer.status, answer.headers.get('content-type'), answer.body]).toEqual([
    Number(TEXTS[c.expected.n]?.[0]),
    'application/problem+json; charset=utf-8',
    problem(correlationId, c.expected),
  ]);
  expectVendorConformant({ method: c.method, url: path, status: answer.status, headers: answer.headers, body: answer.body });
  expect(await stack.callerEventsAfter(before)).toEqual([]);
  return answer.headers;
}

const shape = (name: string, reason: string): Expected => ({ n: 8, schemaValidationFailure: `${name}: ${reason}` });
const value = (name: string, reason: string): Expected => ({ n: 9, list: 'invalidFields', fields: [{ name, reason }] });

const OVERSIZED = JSON.stringify({ packageName: 'x'.repeat(800_000) });

/** Rules every write shares: the edge (token → account → role → body) and its body checks. */
function edgeCases(method: Case['method'], body: () => unknown): Case[] {
  const prefix = method.toLowerCase();
  const withBody = method !== 'DELETE';
  const cases: Case[] = [
    { name: `${prefix}.missing-token`, method, body: body(), auth: 'none', expected: { n: 3 } },
    { name: `${prefix}.forged-token`, method, body: body(), auth: 'forged', expected: { n: 4 } },
    { name: `${prefix}.viewer`, method, body: body(), auth: 'viewer', expected: { n: 11 } },
    // A DELETE answers a foreign account as a missing resource: the only 404 NetApp lists for it.
    { name: `${prefix}.other-account`, method, body: body(), auth: 'other-account', expected: { n: method === 'DELETE' ? 1 : 2 } },
  ];
  if (!withBody) return cases;
  return [
    ...cases,
    { name: `${prefix}.text-plain`, method, raw: 'hello', contentType: 'text/plain', expected: { n: 32 } },
    { name: `${prefix}.non-object`, method, raw: '[1,2]', expected: { n: 8, schemaValidationFailure: 'body: must be a JSON object' } },
    { name: `${prefix}.malformed-json`, method, raw: '{"type": ', expected: { n: 7 } },
    { name: `${prefix}.malformed-astra-json`, method, raw: '{"type": ', contentType: 'application/astra-package+json', expected: { n: 7 } },
    { name: `${prefix}.over-limit`, method, raw: OVERSIZED, expected: { n: 85 } },
  ];
}

const postCases = (): Case[] => {
  const post = (name: string, overrides: Record<string, unknown>, expected: Expected): Case => ({ name: `post.${name}`, method: 'POST', body: validBody(overrides), expected });
  const image = { imagePath: '/globalcicd/acc', imageName: 'api', imageTag: '1.0.0' };
  return [
    ...edgeCases('POST', () => validBody()),
    post('unknown-field', { colour: 'red' }, shape('colour', 'is not a known field')),
    post('server-owned-id', { id: randomUUID() }, shape('id', 'is set by the server and cannot be written')),
    post('server-owned-state', { packageState: 'available' }, shape('packageState', 'is set by the server and cannot be written')),
    post('unknown-metadata', { metadata: { labels: [], owner: 'me' } }, shape('metadata.owner', 'is not a known field')),
    post('missing-field', { packageVersion: undefined }, shape('packageVersion', 'is required')),
    post('wrong-type', { packageName: 5 }, shape('packageName', 'must be a string')),
    post('nested-wrong-type', { images: [{ ...image, imageDigest: 7 }] }, shape('images[0].imageDigest', 'must be a string')),
    post('bad-enum', { severityLevel: 'urgent' }, shape('severityLevel', 'must be one of recommended, critical')),
    post('too-long', { packageName: 'x'.repeat(32) }, value('packageName', 'must be 1..31 characters long')),
    post('bad-digest', { images: [{ ...image, imageDigest: `sha256:${'AB'.repeat(32)}` }] }, value('images[0].imageDigest', 'must be sha256: and 64 lower-case hex digits')),
    post(
      'bad-base64',
      { files: [{ fileName: 'a', fileIdentifier: 'a', fileMediaType: 'text/plain', fileContents: 'not base64!' }] },
      value('files[0].fileContents', 'must be non-empty standard base64 with padding'),
    ),
    post('bad-version', { packageVersion: 'banana' }, value('packageVersion', 'must be a version (SemVer, or a loose form such as 22.09.1, v1.22)')),
    post('min-above-max', { upgradableVersions: { minVersion: 'v2.0', maxVersion: '1.9.9' } }, value('upgradableVersions.minVersion', 'must not be above maxVersion (1.9.9)')),
    post('duplicate-items', { bundleName: ['core', 'core'] }, value('bundleName[1]', 'duplicates bundleName[0]')),
    {
      name: 'post.upper-case-account',
      method: 'POST',
      path: collection.toUpperCase().replace('/ACCOUNTS/', '/accounts/').replace('/CORE/V1/PACKAGES', '/core/v1/packages'),
      body: validBody(),
      expected: { n: 2 },
    },
  ];
};

const putCases = (): Case[] => {
  const put = (name: string, overrides: Record<string, unknown>, expected: Expected, headers?: Record<string, string>): Case => ({
    name: `put.${name}`,
    method: 'PUT',
    body: { ...resource, ...overrides },
    ...(headers && { headers }),
    expected,
  });
  return [
    ...edgeCases('PUT', () => resource),
    put('unknown-field', { colour: 'red' }, shape('colour', 'is not a known field')),
    put('missing-field', { packageState: undefined }, shape('packageState', 'is required')),
    put('wrong-type', { packageStateDetails: 'none' }, shape('packageStateDetails', 'must be an array')),
    put('bad-enum', { packageState: 'gone' }, shape('packageState', 'must be one of verifying, corrupt, incomplete, available')),
    put('too-long', { packageStateDetails: [{ type: 't', title: 'x'.repeat(41), detail: 'd' }] }, value('packageStateDetails[0].title', 'must be 1..40 characters long')),
    put('duplicate-items', { metadata: { labels: [{ name: 'a', value: 'b' }, { name: 'a', value: 'b' }] } }, value('metadata.labels[1]', 'duplicates metadata.labels[0]')),
    put('other-id', { id: ACCOUNT }, { n: 10, list: 'invalidFields', fields: [{ name: 'id', reason: `must be ${packageId}, the package in the path` }] }),
    put('stale-if-match', {}, { n: 38 }, { 'if-match': staleETag }),
    put(
      'malformed-if-match',
      {},
      { n: 5, list: 'invalidParams', fields: [{ name: 'header.if-match', reason: 'must be * or a list of entity tags like "42"' }] },
      { 'if-match': 'version-1' },
    ),
    { name: 'put.malformed-package-id', method: 'PUT', path: `${collection}/NOT-A-UUID`, body: resource, expected: { n: 1 } },
    ...missingPackage('PUT', { ...resource, id: undefined }),
  ];
};

const deleteCases = (): Case[] => [
  ...edgeCases('DELETE', () => undefined),
  { name: 'delete.stale-if-match', method: 'DELETE', headers: { 'if-match': staleETag }, expected: { n: 38 } },
  {
    name: 'delete.malformed-if-match',
    method: 'DELETE',
    headers: { 'if-match': '42' },
    expected: { n: 5, list: 'invalidParams', fields: [{ name: 'header.if-match', reason: 'must be * or a list of entity tags like "42"' }] },
  },
  { name: 'delete.malformed-package-id', method: 'DELETE', path: `${collection}/${UPPER_CASE_ID}`, expected: { n: 1 } },
  ...missingPackage('DELETE'),
];

function missingPackage(method: Case['method'], body?: unknown): Case[] {
  const id = randomUUID();
  return [{ name: `${method.toLowerCase()}.missing-package`, method, path: `${collection}/${id}`, ...(body !== undefined && { body }), expected: { n: 1 } }];
}

describe('account package writes refuse bad requests with the exact problem and append nothing', () => {
  // Cases are built after beforeAll (they need the created package), so each test looks its case up.
  const names = (build: () => Case[]): string[] => build().map((c) => c.name);
  const run = (build: () => Case[]) => async (name: string) => {
    const c = build().find((candidate) => candidate.name === name);
    if (!c) throw new Error(`no case ${name}`);
    const headers = await reject(c);
    if (c.expected.n === 3 || c.expected.n === 4) expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
  };
  describe('POST', () => it.each(names(postCases))('%s', run(postCases)));
  describe('PUT', () => it.each(names(putCases))('%s', run(putCases)));
  describe('DELETE', () => it.each(names(deleteCases))('%s', run(deleteCases)));
});
