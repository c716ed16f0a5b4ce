import type { Recorded } from '../../../../libs/domain/src/event-meta.js';
import type { EventFamily } from '../../../../libs/event-store/src/cloud-event.js';
import type { StoredEvent } from '../../../../libs/event-store/src/event-store.js';

/** A domain event as deciders produce it: `{ type, data }`, JSON-safe. */
export type DomainEvent = { type: string; data: object };

/** What the pipeline needs to know about one aggregate family (catalog package, account package). */
export type AggregateModel<S, E extends DomainEvent> = {
  family: EventFamily;
  initialState: () => S;
  evolve: (state: S, event: Recorded<E>) => S;
  /** Whether the aggregate exists now (`If-Match: *`). */
  exists: (state: S) => boolean;
  /** Turns a stored CloudEvent back into a domain event; an upcaster hooks in here. */
  toDomain?: (stored: StoredEvent) => Recorded<E>;
};

/** `catalog.PackageCreated` → `{ type: 'PackageCreated', data, meta }`. */
export function recordedFromStored<E extends DomainEvent>(stored: StoredEvent): Recorded<E> {
  const { event, sequence } = stored;
  const type = event.type.slice(event.type.indexOf('.') + 1);
  return { type, data: event.data, meta: { version: sequence, time: event.time, actor: event.actor } } as unknown as Recorded<E>;
}

export function foldStored<S, E extends DomainEvent>(model: AggregateModel<S, E>, state: S, events: readonly StoredEvent[]): S {
  const toDomain = model.toDomain ?? recordedFromStored<E>;
  return events.reduce((current, stored) => model.evolve(current, toDomain(stored)), state);
}
