// The schema version this build writes for each event type (SPEC §7); a type not listed is at 1.
// `event-upcasters.ts` holds the upcaster chain up to each of these, and its spec checks both agree.
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  'catalog.PackageCreated': 2,
  'catalog.PackageUpdated': 2,
};

/** `catalog.PackageCreated` → 2. */
export const currentSchemaVersion = (eventType: string): number => CURRENT_SCHEMA_VERSIONS[eventType] ?? 1;
