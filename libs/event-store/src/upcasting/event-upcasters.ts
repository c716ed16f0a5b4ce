// The upcasters of every shipped event version, and the one way readers turn a stored event into
// the shape this build understands: the write side's aggregate load (the event stores' read), the
// projector and the rebuild (`toBatchEvent`), history, and the subscriber transport all call
// `upcastEvent`. An event written by a newer producer is never guessed at: it is refused with
// `UnknownSchemaVersionError`, and each reader stops there rather than skip it.
import type { CloudEvent } from '../cloud-event.js';
import { createUpcasterRegistry, type Upcaster } from './upcaster-registry.js';

/**
 * catalog.PackageCreated / PackageUpdated v1 → v2: `description` became required, null when the
 * package has none (v1 left it out). Nothing else changed.
 */
const descriptionRequired: Upcaster = (event) => {
  const data = event.data as { description?: string | null };
  return { ...event, data: { ...event.data, description: data.description ?? null } };
};

export const EVENT_UPCASTERS = createUpcasterRegistry()
  .register({ family: 'catalog', type: 'PackageCreated', fromVersion: 1 }, descriptionRequired)
  .register({ family: 'catalog', type: 'PackageUpdated', fromVersion: 1 }, descriptionRequired);

/** The event's schema version is newer than any this build knows: a newer producer wrote it. */
export class UnknownSchemaVersionError extends Error {
  override readonly name = 'UnknownSchemaVersionError';
  constructor(
    readonly event: Pick<CloudEvent, 'id' | 'type' | 'subject' | 'schemaversion'>,
    readonly known: number,
  ) {
    super(`event ${event.id} (${event.type} on ${event.subject}) has schemaversion ${event.schemaversion}; this build reads up to ${known}`);
  }
}

const familyOf = (eventType: string): 'catalog' | 'accounts' | undefined => {
  const family = eventType.slice(0, eventType.indexOf('.'));
  return family === 'catalog' || family === 'accounts' ? family : undefined;
};

/** The newest version of the event's type this build reads. */
export function knownSchemaVersion(event: Pick<CloudEvent, 'type'>): number {
  const family = familyOf(event.type);
  return family ? EVENT_UPCASTERS.latestVersion(family, event.type.slice(family.length + 1)) : 1;
}

/** The event at its type's latest version (unchanged when already there); a newer one is refused. */
export function upcastEvent(event: CloudEvent): CloudEvent {
  const known = knownSchemaVersion(event);
  if (event.schemaversion > known) throw new UnknownSchemaVersionError(event, known);
  return event.schemaversion === known ? event : EVENT_UPCASTERS.upcast(event);
}
