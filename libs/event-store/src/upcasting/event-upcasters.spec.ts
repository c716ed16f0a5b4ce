import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { buildCloudEvent, type CloudEvent } from '../cloud-event.js';
import { EVENT_UPCASTERS, knownSchemaVersion, UnknownSchemaVersionError, upcastEvent } from './event-upcasters.js';
import { CURRENT_SCHEMA_VERSIONS } from './schema-versions.js';

// The frozen v1 fixture is what a v1 producer wrote; it must keep upcasting to the same v2 for ever,
// and both ends must validate against their shipped schemas.
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));
const fixture = (name: string): CloudEvent => readJson(new URL(`./__fixtures__/${name}`, import.meta.url)) as CloudEvent;
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = (family: string, type: string, version: number, event: CloudEvent): boolean => {
  const id = `urn:artifact-register:events:${family}:${type}:${version}`;
  const compiled = ajv.getSchema(id) ?? ajv.compile(readJson(new URL(`../../../../schemas/events/${family}/${type}.v${version}.json`, import.meta.url)) as object);
  return compiled(event) === true;
};

const catalogEvent = (type: string, data: Record<string, unknown>, schemaVersion?: number): CloudEvent =>
  buildCloudEvent({
    family: 'catalog', type, aggregateId: 'pkg_1c9e4b2a-7d3f-4a5e-8b6c-0d1e2f3a4b5c', data,
    id: '5a1d7f3e-2c4b-4e8a-9f10-3b6c7d8e9f02', time: '2026-11-02T09:30:00.000Z', actor: 'a', correlationId: 'c', causationId: 'k',
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
  });

describe('shipped event upcasters', () => {
  it('upcasts the frozen catalog.PackageCreated v1 fixture to exactly the v2 fixture, each valid against its schema', () => {
    const v1 = fixture('catalog.PackageCreated.v1.json');
    const v2 = fixture('catalog.PackageCreated.v2.json');
    expect(validate('catalog', 'PackageCreated', 1, v1)).toBe(true);
    expect(upcastEvent(v1)).toEqual(v2);
    expect(validate('catalog', 'PackageCreated', 2, upcastEvent(v1))).toBe(true);
    expect(validate('catalog', 'PackageCreated', 2, v1)).toBe(false);
  });

  it('keeps a v1 description and upcasts PackageUpdated the same way', () => {
    const v1 = catalogEvent('PackageUpdated', { id: 'x', description: 'kept' }, 1);
    expect(upcastEvent(v1)).toMatchObject({ schemaversion: 2, data: { id: 'x', description: 'kept' } });
  });

  it('passes an event already at the current version through as it is', () => {
    const v2 = catalogEvent('PackageCreated', { id: 'x', description: null });
    expect(v2.schemaversion).toBe(2);
    expect(upcastEvent(v2)).toBe(v2);
  });

  it('refuses an event newer than this build knows, naming it', () => {
    const v3 = catalogEvent('PackageCreated', { id: 'x' }, 3);
    expect(() => upcastEvent(v3)).toThrow(UnknownSchemaVersionError);
    expect(() => upcastEvent(v3)).toThrow(/5a1d7f3e-2c4b-4e8a-9f10-3b6c7d8e9f02 \(catalog.PackageCreated on pkg_.*\) has schemaversion 3; this build reads up to 2/);
    expect(() => upcastEvent(catalogEvent('VersionSetDeleted', {}, 2))).toThrow(UnknownSchemaVersionError);
  });

  it('writes what it reads: the producer default and the upcaster chain agree on every current version', () => {
    for (const [eventType, version] of Object.entries(CURRENT_SCHEMA_VERSIONS)) {
      expect(knownSchemaVersion({ type: eventType })).toBe(version);
      const [family, type] = eventType.split('.') as ['catalog', string];
      expect(EVENT_UPCASTERS.latestVersion(family, type)).toBe(version);
      expect(catalogEvent(type, {}).schemaversion).toBe(version);
    }
  });
});
