import {
  buildCloudEvent,
  decodeEvent,
  encodeEvent,
  InvalidEventError,
  type BuildCloudEventInput,
  type CloudEvent,
} from './cloud-event.js';

const input = (overrides: Partial<BuildCloudEventInput<object>> = {}): BuildCloudEventInput<object> => ({
  family: 'catalog',
  type: 'VersionSetCreated',
  aggregateId: 'pkg_4b7c2a1e-3f57-4e0c-9d3f-2f0c8d1e5a10',
  data: { package: 'pkg_4b7c2a1e-3f57-4e0c-9d3f-2f0c8d1e5a10', number: 1, version_constraint: '>=1.2.1' },
  id: '0d6f6c3e-8c1f-4c53-9b0e-6b3f0a1d2c4e',
  time: '2025-03-04T05:06:07.089Z',
  actor: '7a1b2c3d-0000-4000-8000-000000000001',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  ...overrides,
});

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('buildCloudEvent', () => {
  it('builds the catalog envelope of SPEC §7', () => {
    expect(buildCloudEvent(input())).toStrictEqual({
      specversion: '1.0',
      id: '0d6f6c3e-8c1f-4c53-9b0e-6b3f0a1d2c4e',
      source: '/catalog',
      type: 'catalog.VersionSetCreated',
      subject: 'pkg_4b7c2a1e-3f57-4e0c-9d3f-2f0c8d1e5a10',
      time: '2025-03-04T05:06:07.089Z',
      datacontenttype: 'application/json',
      dataschema: 'urn:artifact-register:events:catalog:VersionSetCreated:1',
      data: { package: 'pkg_4b7c2a1e-3f57-4e0c-9d3f-2f0c8d1e5a10', number: 1, version_constraint: '>=1.2.1' },
      schemaversion: 1,
      actor: '7a1b2c3d-0000-4000-8000-000000000001',
      correlationid: 'corr-1',
      causationid: 'cause-1',
    });
  });

  it('names the account as the source of an accounts event and carries the schema version', () => {
    const event = buildCloudEvent(input({ family: 'accounts', type: 'PackageDeleted', accountId: 'acc-1', schemaVersion: 2 }));
    expect(event).toMatchObject({
      source: '/accounts/acc-1',
      type: 'accounts.PackageDeleted',
      dataschema: 'urn:artifact-register:events:accounts:PackageDeleted:2',
      schemaversion: 2,
    });
  });

  it('writes time as ISO-8601 UTC with milliseconds', () => {
    expect(buildCloudEvent(input({ time: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) })).time).toBe('2025-01-02T03:04:05.000Z');
    expect(buildCloudEvent(input({ time: '2025-01-02T04:04:05+01:00' })).time).toBe('2025-01-02T03:04:05.000Z');
  });

  it.each([
    ['an accounts event without an account', input({ family: 'accounts' })],
    ['a lower-case type', input({ type: 'packageCreated' })],
    ['a type with a dot', input({ type: 'Package.Created' })],
    ['an unparseable time', input({ time: 'yesterday' })],
    ['a schema version of 0', input({ schemaVersion: 0 })],
  ])('refuses %s', (_, bad) => {
    expect(() => buildCloudEvent(bad)).toThrow(InvalidEventError);
  });
});

describe('encodeEvent / decodeEvent', () => {
  const event = buildCloudEvent(input()) as CloudEvent;

  it('encodes JSON with the headers a subscriber filters on', () => {
    const encoded = encodeEvent(event);
    expect(JSON.parse(new TextDecoder().decode(encoded.payload))).toStrictEqual(event);
    expect(encoded.headers).toStrictEqual({
      'Nats-Msg-Id': event.id,
      'ce-type': 'catalog.VersionSetCreated',
      'ce-source': '/catalog',
      'content-type': 'application/cloudevents+json',
    });
  });

  it('decodes what it encoded', () => {
    expect(decodeEvent(encodeEvent(event).payload)).toStrictEqual(event);
  });

  it('keeps an unknown extension attribute', () => {
    expect(decodeEvent(bytes({ ...event, traceparent: '00-abc' }))).toMatchObject({ traceparent: '00-abc' });
  });

  const without = (key: keyof CloudEvent): unknown => Object.fromEntries(Object.entries(event).filter(([k]) => k !== key));

  it.each([
    ['not JSON', new TextEncoder().encode('{"specversion":')],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0xff, 0x7d])],
    ['a JSON array', bytes([event])],
    ['JSON null', bytes(null)],
    ['another spec version', bytes({ ...event, specversion: '0.3' })],
    ['no id', bytes(without('id'))],
    ['an empty source', bytes({ ...event, source: '' })],
    ['a type outside both families', bytes({ ...event, type: 'billing.InvoicePaid' })],
    ['a bad time', bytes({ ...event, time: 'soon' })],
    ['another data content type', bytes({ ...event, datacontenttype: 'text/plain' })],
    ['array data', bytes({ ...event, data: [] })],
    ['no data', bytes(without('data'))],
    ['a string schema version', bytes({ ...event, schemaversion: '1' })],
    ['no actor', bytes(without('actor'))],
    ['no causation id', bytes(without('causationid'))],
  ])('refuses %s with InvalidEventError', (_, payload) => {
    expect(() => decodeEvent(payload)).toThrow(InvalidEventError);
  });
});
