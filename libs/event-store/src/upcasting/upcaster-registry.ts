// Event evolution (SPEC §7): adding an optional field keeps the schema version; any other change
// (rename, removal, new required field, changed meaning) bumps `schemaversion`, ships a new
// `schemas/events/<family>/<Type>.v<N>.json` beside the old one (never edited) and registers an
// upcaster from N-1 to N here, tested against a frozen JSON fixture of a real N-1 event.
// Readers upcast on read, so the stream keeps every event exactly as it was written.
import { dataSchemaUrn, type CloudEvent, type EventFamily } from '../cloud-event.js';

/** Turns an event of `fromVersion` into the same event at `fromVersion + 1`. Pure: never mutate the input. */
export type Upcaster = (event: CloudEvent) => CloudEvent;

export type UpcasterKey = { family: EventFamily; type: string; fromVersion: number };

export type UpcasterRegistry = {
  /** One upcaster per (family, type, fromVersion); a second registration for a key is refused. */
  register(key: UpcasterKey, upcaster: Upcaster): UpcasterRegistry;
  /** The newest version known for the type: 1 + the highest registered `fromVersion`, else 1. */
  latestVersion(family: EventFamily, type: string): number;
  /**
   * The event at its type's latest version. An event already there, or newer (written by a newer
   * producer), comes back unchanged; a gap in the chain is an error.
   */
  upcast(event: CloudEvent): CloudEvent;
};

export class UpcastError extends Error {
  override readonly name = 'UpcastError';
}

const keyOf = (family: string, type: string, fromVersion: number): string => `${family}.${type}@${fromVersion}`;

/** `catalog.PackageCreated` → `['catalog', 'PackageCreated']`. */
const splitType = (eventType: string): [EventFamily, string] => {
  const dot = eventType.indexOf('.');
  const family = eventType.slice(0, dot);
  if (family !== 'catalog' && family !== 'accounts') throw new UpcastError(`unknown event family in type "${eventType}"`);
  return [family, eventType.slice(dot + 1)];
};

export function createUpcasterRegistry(): UpcasterRegistry {
  const upcasters = new Map<string, Upcaster>();
  const latest = new Map<string, number>();

  const registry: UpcasterRegistry = {
    register({ family, type, fromVersion }, upcaster) {
      if (!Number.isInteger(fromVersion) || fromVersion < 1) throw new UpcastError(`invalid fromVersion ${fromVersion} for ${family}.${type}`);
      const key = keyOf(family, type, fromVersion);
      if (upcasters.has(key)) throw new UpcastError(`an upcaster for ${key} is already registered`);
      upcasters.set(key, upcaster);
      const name = `${family}.${type}`;
      latest.set(name, Math.max(latest.get(name) ?? 1, fromVersion + 1));
      return registry;
    },
    latestVersion: (family, type) => latest.get(`${family}.${type}`) ?? 1,
    upcast(event) {
      const [family, type] = splitType(event.type);
      const target = registry.latestVersion(family, type);
      let current = event;
      while (current.schemaversion < target) {
        const from = current.schemaversion;
        const upcaster = upcasters.get(keyOf(family, type, from));
        if (!upcaster) throw new UpcastError(`no upcaster from ${family}.${type} v${from} (latest is v${target})`);
        // The registry owns the version attributes, so an upcaster only reshapes `data`.
        current = { ...upcaster(current), schemaversion: from + 1, dataschema: dataSchemaUrn(family, type, from + 1) };
      }
      return current;
    },
  };
  return registry;
}
