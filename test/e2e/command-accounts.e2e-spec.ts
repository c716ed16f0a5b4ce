import { randomUUID } from 'node:crypto';
import type { Role } from '../../libs/http/src/auth/principal.js';
import { call, type Answer, type CommandProcess } from './command-service.harness.js';
import { SEED_REQUEST, seedBody } from './support/astra-seed.js';
import { accountsCollection as collection, accountToken, startAccountWrites, type AccountWritesStack } from './support/account-writes.js';
import { checked } from './support/vendor-check.js';

// Account package writes (SPEC §5.1, §5.3, §6) against two real command-service processes sharing
// one private nats-server. Package verification, when it runs in the service, writes as the nil
// UUID: assertions about "no event" count only events written by the test's caller.

const ACTOR = '3f1c2b7a-9d4e-4f60-8a21-5b6c7d8e9f00';

/** Response fields seeds/astra-create-package.txt marks required. */
const SEED_REQUIRED = ['type', 'version', 'id', 'packageName', 'packageVersion', 'packageType', 'severityLevel', 'packageState', 'packageStateTransitions', 'packageStateDetails', 'metadata'];
const METADATA_REQUIRED = ['labels', 'creationTimestamp', 'modificationTimestamp', 'createdBy'];
const TRANSITIONS = [
  { from: 'verifying', to: ['corrupt', 'incomplete', 'available'] },
  { from: 'corrupt', to: ['incomplete', 'available'] },
  { from: 'incomplete', to: ['corrupt', 'available'] },
  { from: 'available', to: ['corrupt', 'available'] },
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Resource = Record<string, unknown> & { id: string };

let stack: AccountWritesStack;
let first: CommandProcess;
let second: CommandProcess;

beforeAll(async () => {
  stack = await startAccountWrites();
  first = await stack.startService();
  second = await stack.startService();
});

afterAll(() => stack?.stop());

const token = (accountId: string, role: Role = 'member'): Promise<string> => accountToken(ACTOR, role, [accountId]);
const lastSeq = (): Promise<number> => stack.lastSeq();
const callerEventsAfter = (seq: number) => stack.callerEventsAfter(seq);

type CallOptions = { body?: unknown; contentType?: string; headers?: Record<string, string>; via?: CommandProcess; role?: Role };

/** Every answer must also hold against NetApp's Astra document. */
async function send(method: string, path: string, accountId: string, options: CallOptions = {}): Promise<Answer> {
  const { via = first, role = 'member', ...rest } = options;
  return checked(method, path, rest.headers, await call(via.baseUrl, method, path, { token: await token(accountId, role), ...rest }));
}

const CONFLICT_DETAIL = 'The request body JSON contains a field that conflicts with an idempotent value.';

async function create(accountId: string, body = seedBody()): Promise<Resource> {
  const answer = await send('POST', collection(accountId), accountId, { body });
  expect(answer.status).toBe(201);
  return answer.body as Resource;
}

const put = (accountId: string, resource: Resource, options: CallOptions = {}): Promise<Answer> =>
  send('PUT', `${collection(accountId)}/${resource.id}`, accountId, { body: resource, ...options });

/**
 * Creates a package and moves it to `corrupt`, a state verification never leaves: whether or not
 * a verifier ran first, the package is then quiet and in a known state. Returns it with its ETag
 * (the stream's last sequence is no guide: verification of other tests' packages lands at any time).
 */
async function createSettled(accountId: string): Promise<[Resource, string]> {
  const settled = { ...(await create(accountId)), packageState: 'corrupt' };
  const answer = await put(accountId, settled);
  expect(answer.status).toBe(204);
  return [settled, answer.headers.get('etag') ?? ''];
}

const conflict = (correlationID: string, invalidFields: { name: string; reason: string }[]) => ({
  type: 'https://astra.netapp.io/problems/10',
  title: 'JSON resource conflict',
  detail: CONFLICT_DETAIL,
  status: '409',
  correlationID,
  invalidFields,
});

describe('POST /accounts/{account_id}/core/v1/packages', () => {
  it('creates the seed example request as sent: 201 with every required field; the same tuple again is 409 problem 10', async () => {
    const accountId = randomUUID();
    const before = await lastSeq();
    const answer = await call(first.baseUrl, 'POST', collection(accountId), { token: await token(accountId), raw: SEED_REQUEST });
    checked('POST', collection(accountId), undefined, answer);
    expect(answer.status).toBe(201);
    const body = answer.body as Resource & { metadata: Record<string, unknown> };
    for (const field of SEED_REQUIRED) expect(body).toHaveProperty(field);
    for (const field of METADATA_REQUIRED) expect(body.metadata).toHaveProperty(field);
    expect(body).toEqual({
      ...(JSON.parse(SEED_REQUEST) as object),
      id: expect.stringMatching(UUID),
      packageState: 'verifying',
      packageStateTransitions: TRANSITIONS,
      packageStateDetails: [],
      metadata: { labels: [], creationTimestamp: expect.stringMatching(TIME), modificationTimestamp: body.metadata.creationTimestamp, createdBy: ACTOR },
    });
    const events = await callerEventsAfter(before);
    expect(events.map((e) => [e.type, e.subject, e.source])).toEqual([['accounts.PackageCreated', body.id, `/accounts/${accountId}`]]);
    const { packageStateTransitions: _fixed, ...stored } = body;
    expect(events[0]?.data).toEqual(stored);
    const sequence = events[0]?.seq;
    expect(answer.headers.get('location')).toBe(`${first.baseUrl}${collection(accountId)}/${body.id}`);
    expect(answer.headers.get('etag')).toBe(`"${sequence}"`);
    expect(answer.headers.get('x-consistency-token')).toBe(String(sequence));
    // No Accept: the type NetApp's document declares.
    expect(answer.headers.get('content-type')).toMatch(/^application\/astra-package\+json/);

    const afterFirst = await lastSeq();
    const correlationId = randomUUID();
    const again = await call(first.baseUrl, 'POST', collection(accountId), {
      token: await token(accountId),
      raw: SEED_REQUEST,
      headers: { 'x-correlation-id': correlationId },
    });
    checked('POST', collection(accountId), undefined, again);
    expect([again.status, again.body]).toEqual([
      409,
      conflict(correlationId, [
        { name: 'packageName', reason: 'conflicts with an existing package' },
        { name: 'packageVersion', reason: 'conflicts with an existing package' },
        { name: 'packageType', reason: 'conflicts with an existing package' },
      ]),
    ]);
    expect(await callerEventsAfter(afterFirst)).toEqual([]);
  });

  it('reads application/astra-package+json; answers in it unless Accept prefers application/json', async () => {
    const accountId = randomUUID();
    const answer = await send('POST', collection(accountId), accountId, {
      body: seedBody({ metadata: { labels: [{ name: 'team', value: 'storage' }], createdBy: 'ignored' } }),
      contentType: 'application/astra-package+json',
      headers: { accept: '*/*' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toMatch(/^application\/astra-package\+json/);
    const json = await send('POST', collection(accountId), accountId, { body: seedBody(), headers: { accept: 'application/json, */*;q=0.8' } });
    expect([json.status, json.headers.get('content-type')]).toEqual([201, 'application/json; charset=utf-8']);
    expect((answer.body as { metadata: unknown }).metadata).toEqual({
      labels: [{ name: 'team', value: 'storage' }],
      creationTimestamp: expect.stringMatching(TIME),
      modificationTimestamp: expect.stringMatching(TIME),
      createdBy: ACTOR,
    });
  });

  it('two processes racing 50 creates of one tuple: exactly one 201, 49 × 409, one PackageCreated', async () => {
    const accountId = randomUUID();
    const body = seedBody();
    const before = await lastSeq();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send('POST', collection(accountId), accountId, { body, via: i % 2 === 0 ? first : second })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(49);
    const created = (await callerEventsAfter(before)).filter((e) => e.type === 'accounts.PackageCreated');
    expect(created.map((e) => e.subject)).toEqual([(answers.find((a) => a.status === 201)?.body as Resource).id]);
  });
});

describe('PUT /accounts/{account_id}/core/v1/packages/{package_id}', () => {
  it('moves along the transition table (204, one PackageStateChanged each) and refuses other moves naming packageState', async () => {
    const accountId = randomUUID();
    let [resource] = await createSettled(accountId);
    for (const [from, to] of [['corrupt', 'incomplete'], ['incomplete', 'corrupt'], ['corrupt', 'available'], ['available', 'corrupt'], ['corrupt', 'available']]) {
      const before = await lastSeq();
      resource = { ...resource, packageState: to };
      const answer = await put(accountId, resource);
      const events = await callerEventsAfter(before);
      expect([answer.status, events.map((e) => [e.type, e.data.from, e.data.to])]).toEqual([204, [['accounts.PackageStateChanged', from, to]]]);
      expect(answer.headers.get('etag')).toBe(`"${events[0]?.seq}"`);
      expect(answer.headers.get('x-consistency-token')).toBe(String(events[0]?.seq));
    }
    for (const to of ['incomplete', 'verifying']) {
      const before = await lastSeq();
      const correlationId = randomUUID();
      const answer = await put(accountId, { ...resource, packageState: to }, { headers: { 'x-correlation-id': correlationId } });
      expect([answer.status, answer.body]).toEqual([
        409,
        conflict(correlationId, [
          { name: 'packageState', reason: `cannot move from available to ${to}; from available the allowed states are corrupt, available` },
        ]),
      ]);
      expect(await callerEventsAfter(before)).toEqual([]);
    }
  });

  it('sending the resource back unchanged is 204 with no event; labels and details are a change', async () => {
    const accountId = randomUUID();
    const [resource, etag] = await createSettled(accountId);
    const before = await lastSeq();
    const unchanged = await put(accountId, resource);
    expect(unchanged.status).toBe(204);
    expect(await callerEventsAfter(before)).toEqual([]);
    expect(unchanged.headers.get('etag')).toBe(etag);

    const labels = [{ name: 'tier', value: 'gold' }];
    const details = [{ type: 'https://example.com/checked', title: 'Checked by hand', detail: 'looked fine' }];
    const changed = await put(accountId, { ...resource, packageStateDetails: details, metadata: { ...(resource.metadata as object), labels } });
    expect(changed.status).toBe(204);
    expect((await callerEventsAfter(before)).map((e) => e.data)).toEqual([{ from: 'corrupt', to: 'corrupt', packageStateDetails: details, labels }]);
  });

  it('changing packageName is 409 problem 10 naming it, and appends nothing', async () => {
    const accountId = randomUUID();
    const [resource] = await createSettled(accountId);
    const before = await lastSeq();
    const correlationId = randomUUID();
    const answer = await put(accountId, { ...resource, packageName: 'renamed' }, { headers: { 'x-correlation-id': correlationId } });
    expect([answer.status, answer.body]).toEqual([
      409,
      conflict(correlationId, [
        { name: 'packageName', reason: 'cannot be changed: only packageState, packageStateDetails and metadata.labels can' },
      ]),
    ]);
    expect(await callerEventsAfter(before)).toEqual([]);
  });

  it('honours If-Match with the current ETag', async () => {
    const accountId = randomUUID();
    const [resource, etag] = await createSettled(accountId);
    const answer = await put(accountId, { ...resource, packageState: 'available' }, { headers: { 'if-match': etag } });
    expect(answer.status).toBe(204);
  });
});

describe('concurrent PUTs from two processes', () => {
  const labelled = (resource: Resource, i: number): Resource => ({ ...resource, metadata: { labels: [{ name: 'writer', value: String(i) }] } });

  it('without If-Match, a write that loses a race is re-decided: all 204, one event each', async () => {
    const accountId = randomUUID();
    const [resource] = await createSettled(accountId);
    const before = await lastSeq();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => put(accountId, labelled(resource, i), { via: i % 2 === 0 ? first : second })));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 204));
    expect((await callerEventsAfter(before)).filter((e) => e.type === 'accounts.PackageStateChanged')).toHaveLength(10);
  });

  it('with the same If-Match, exactly one wins and the others are 412 problem 38', async () => {
    const accountId = randomUUID();
    const [resource, etag] = await createSettled(accountId);
    const before = await lastSeq();
    const headers = { 'if-match': etag };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => put(accountId, labelled(resource, i), { via: i % 2 === 0 ? first : second, headers })));
    expect(answers.map((a) => a.status).sort()).toEqual([204, ...Array.from({ length: 9 }, () => 412)]);
    expect(await callerEventsAfter(before)).toHaveLength(1);
  });
});

describe('DELETE /accounts/{account_id}/core/v1/packages/{package_id}', () => {
  it('appends PackageDeleted, then answers 404 problem 1, and frees the tuple for a new package', async () => {
    const accountId = randomUUID();
    const body = seedBody();
    const resource = await create(accountId, body);
    const path = `${collection(accountId)}/${resource.id}`;
    const before = await lastSeq();
    const deleted = await send('DELETE', path, accountId);
    expect(deleted.status).toBe(204);
    expect((await callerEventsAfter(before)).map((e) => [e.type, e.data])).toEqual([['accounts.PackageDeleted', { id: resource.id }]]);

    const correlationId = randomUUID();
    const again = await send('DELETE', path, accountId, { headers: { 'x-correlation-id': correlationId } });
    expect([again.status, again.body]).toEqual([
      404,
      { type: 'https://astra.netapp.io/problems/1', title: 'Resource not found', detail: "The resource specified in the request URI wasn't found.", status: '404', correlationID: correlationId },
    ]);
    const recreated = await create(accountId, body);
    expect(recreated.id).not.toBe(resource.id);
  });
});

describe('Idempotency-Key', () => {
  it('a retried create replays the first response and appends once; the key on another body is 400 problem 9', async () => {
    const accountId = randomUUID();
    const body = seedBody();
    const before = await lastSeq();
    const headers = { 'idempotency-key': `create-${randomUUID()}` };
    const firstAnswer = await send('POST', collection(accountId), accountId, { body, headers });
    const retry = await send('POST', collection(accountId), accountId, { body, headers, via: second });
    expect(firstAnswer.status).toBe(201);
    expect([retry.status, retry.body]).toEqual([201, firstAnswer.body]);
    for (const name of ['location', 'etag', 'x-consistency-token']) expect(retry.headers.get(name)).toBe(firstAnswer.headers.get(name));
    expect((await callerEventsAfter(before)).map((e) => e.type)).toEqual(['accounts.PackageCreated']);

    const correlationId = randomUUID();
    const other = await send('POST', collection(accountId), accountId, {
      body: seedBody(),
      headers: { ...headers, 'x-correlation-id': correlationId },
    });
    expect([other.status, other.body]).toEqual([
      400,
      {
        type: 'https://astra.netapp.io/problems/9',
        title: 'Invalid JSON resource',
        detail: "The request body JSON didn't pass extended validation.",
        status: '400',
        correlationID: correlationId,
        invalidFields: [{ name: 'header.idempotency-key', reason: 'The Idempotency-Key was already used for a different request.' }],
      },
    ]);
    expect(await callerEventsAfter(before)).toHaveLength(1);
  });

  it('a refused create (taken tuple) replays its 409 problem 10 as first answered, even after the tuple was freed', async () => {
    const accountId = randomUUID();
    const body = seedBody();
    const holder = await create(accountId, body);
    const key = `refused-${randomUUID()}`;
    const firstTry = randomUUID();
    const refused = await send('POST', collection(accountId), accountId, { body, headers: { 'idempotency-key': key, 'x-correlation-id': firstTry } });
    expect([refused.status, (refused.body as { correlationID: string }).correlationID]).toEqual([409, firstTry]);
    expect((await send('DELETE', `${collection(accountId)}/${holder.id}`, accountId)).status).toBe(204);
    const before = await lastSeq();
    const retry = await send('POST', collection(accountId), accountId, { body, headers: { 'idempotency-key': key, 'x-correlation-id': randomUUID() }, via: second });
    expect([retry.status, retry.headers.get('content-type'), retry.body]).toEqual([409, refused.headers.get('content-type'), refused.body]);
    expect(await callerEventsAfter(before)).toEqual([]);
  });

  it('a retried PUT and a retried DELETE replay 204 and append once each', async () => {
    const accountId = randomUUID();
    const [resource] = await createSettled(accountId);
    const path = `${collection(accountId)}/${resource.id}`;
    const before = await lastSeq();
    const putHeaders = { 'idempotency-key': `put-${randomUUID()}` };
    const moved = { ...resource, packageState: 'available' };
    const puts = [await put(accountId, moved, { headers: putHeaders }), await put(accountId, moved, { headers: putHeaders, via: second })];
    const [changed] = await callerEventsAfter(before);
    expect(puts.map((a) => [a.status, a.headers.get('etag')])).toEqual([[204, `"${changed?.seq}"`], [204, `"${changed?.seq}"`]]);
    const deleteHeaders = { 'idempotency-key': `delete-${randomUUID()}` };
    const deletes = [await send('DELETE', path, accountId, { headers: deleteHeaders }), await send('DELETE', path, accountId, { headers: deleteHeaders })];
    expect(deletes.map((a) => a.status)).toEqual([204, 204]);
    expect((await callerEventsAfter(before)).map((e) => e.type)).toEqual(['accounts.PackageStateChanged', 'accounts.PackageDeleted']);
  });
});
