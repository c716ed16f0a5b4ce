export { createUpcasterRegistry, UpcastError, type Upcaster, type UpcasterKey, type UpcasterRegistry } from './upcaster-registry.js';
export { EVENT_UPCASTERS, knownSchemaVersion, UnknownSchemaVersionError, upcastEvent } from './event-upcasters.js';
export { CURRENT_SCHEMA_VERSIONS, currentSchemaVersion } from './schema-versions.js';
