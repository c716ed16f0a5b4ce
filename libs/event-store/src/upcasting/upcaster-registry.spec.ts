import { readFileSync } from 'node:fs';
import type { CloudEvent } from '../cloud-event.js';
import { buildCloudEvent } from '../cloud-event.js';
import { createUpcasterRegistry, UpcastError, type Upcaster } from './upcaster-registry.js';

// The worked example of docs/events.md: a made-up `accounts.ExampleLabelled` whose v1 carried one
// `label: "name=value"` string and whose v2 carries `labels: [{name, value}]`. The v1 fixture is
// frozen: it is what a v1 producer wrote, and must keep upcasting to the same v2 for ever.
const fixture = (name: string): CloudEvent =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as CloudEvent;

const labelledV1ToV2: Upcaster = (event) => {
  const { label, ...rest } = event.data as { label: string } & Record<string, unknown>;
  const [name = '', ...value] = label.split('=');
  return { ...event, data: { ...rest, labels: [{ name, value: value.join('=') }] } };
};

const exampleRegistry = () =>
  createUpcasterRegistry().register({ family: 'accounts', type: 'ExampleLabelled', fromVersion: 1 }, labelledV1ToV2);

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
};

const event = (type: string, schemaVersion: number, data: Record<string, unknown>): CloudEvent =>
  buildCloudEvent({
    family: 'accounts',
    type,
    aggregateId: '9b2e4c1a-0d3f-4e8b-8a6c-5f1d2e3c4b5a',
    accountId: '7d4b1b0e-6f6e-4c52-9d55-0f6f2f1c9a10',
    data,
    id: 'e0000000-0000-4000-8000-000000000001',
    time: '2024-05-01T12:00:00.000Z',
    actor: 'tester',
    correlationId: 'c',
    causationId: 'k',
    schemaVersion,
  });

describe('upcaster registry', () => {
  it('upcasts the frozen v1 fixture to exactly the expected v2', () => {
    const v1 = deepFreeze(fixture('accounts.ExampleLabelled.v1.json'));
    expect(exampleRegistry().upcast(v1)).toEqual(fixture('accounts.ExampleLabelled.v2.json'));
  });

  it('leaves the input event untouched', () => {
    const v1 = fixture('accounts.ExampleLabelled.v1.json');
    const copy = structuredClone(v1);
    exampleRegistry().upcast(v1);
    expect(v1).toEqual(copy);
  });

  it('returns an event already at the latest version as it is', () => {
    const v2 = fixture('accounts.ExampleLabelled.v2.json');
    expect(exampleRegistry().upcast(v2)).toBe(v2);
  });

  it('returns an event of a type without upcasters as it is', () => {
    const created = event('PackageCreated', 1, { id: 'x' });
    expect(exampleRegistry().upcast(created)).toBe(created);
    expect(exampleRegistry().latestVersion('accounts', 'PackageCreated')).toBe(1);
  });

  it('chains upcasters in version order up to the latest', () => {
    const registry = exampleRegistry().register({ family: 'accounts', type: 'ExampleLabelled', fromVersion: 2 }, (e) => ({
      ...e,
      data: { ...e.data, source: 'v3' },
    }));
    const v3 = registry.upcast(fixture('accounts.ExampleLabelled.v1.json'));
    expect(v3).toMatchObject({
      schemaversion: 3,
      dataschema: 'urn:artifact-register:events:accounts:ExampleLabelled:3',
      data: { labels: [{ name: 'env', value: 'prod' }], note: 'kept as written', source: 'v3' },
    });
  });

  it('stamps schemaversion and dataschema even when an upcaster leaves them', () => {
    const registry = createUpcasterRegistry().register({ family: 'catalog', type: 'Example', fromVersion: 1 }, (e) => e);
    const v1 = buildCloudEvent({ family: 'catalog', type: 'Example', aggregateId: 'pkg_1', data: {}, id: 'i', time: new Date(0), actor: 'a', correlationId: 'c', causationId: 'k' });
    expect(registry.upcast(v1)).toMatchObject({ schemaversion: 2, dataschema: 'urn:artifact-register:events:catalog:Example:2' });
  });

  it('refuses to skip a missing step in the chain', () => {
    const registry = createUpcasterRegistry().register({ family: 'accounts', type: 'ExampleLabelled', fromVersion: 2 }, (e) => e);
    expect(() => registry.upcast(fixture('accounts.ExampleLabelled.v1.json'))).toThrow(
      new UpcastError('no upcaster from accounts.ExampleLabelled v1 (latest is v3)'),
    );
  });

  it('returns an event newer than any known version unchanged', () => {
    const v5 = event('ExampleLabelled', 5, { labels: [] });
    expect(exampleRegistry().upcast(v5)).toBe(v5);
  });

  it('refuses a second upcaster for the same step and a fromVersion below 1', () => {
    expect(() => exampleRegistry().register({ family: 'accounts', type: 'ExampleLabelled', fromVersion: 1 }, labelledV1ToV2)).toThrow(UpcastError);
    expect(() => createUpcasterRegistry().register({ family: 'accounts', type: 'X', fromVersion: 0 }, (e) => e)).toThrow(UpcastError);
  });
});
