// The exact envelope the command service appends (buildCloudEvent + encodeEvent from libs/event-store,
// compiled into the bench build), for raw publishes and ceilings.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { builtEntry } from './build.mjs';

const eventStore = await import(pathToFileURL(builtEntry('libs/event-store/src/index.ts')).href);
export const { catalogSubject, streamConfig, ensureStream } = eventStore;

const ACTOR = '00000000-0000-4000-8000-00000000beef';

/** A catalog PackageCreated for a new package id, encoded as it goes on the wire. */
export function packageCreated(n, prefix = 'ev') {
  const id = `pkg_${randomUUID()}`;
  const event = eventStore.buildCloudEvent({
    family: 'catalog',
    type: 'PackageCreated',
    aggregateId: id,
    data: {
      id,
      title: `Bench package ${n}`,
      system: 'helm',
      aliases: [`${prefix}-${n}`],
      description: 'A package created by the benchmark.',
      versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 30 },
    },
    id: randomUUID(),
    time: new Date(),
    actor: ACTOR,
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });
  return { id, subject: catalogSubject(id), ...eventStore.encodeEvent(event) };
}

export function natsHeaders(headersCtor, record) {
  const h = headersCtor();
  for (const [k, v] of Object.entries(record)) h.set(k, v);
  return h;
}

/** Any catalog event of package `id`, encoded as it goes on the wire, stamped `time`. */
export function catalogEvent(type, id, data, time = new Date()) {
  const event = eventStore.buildCloudEvent({
    family: 'catalog',
    type,
    aggregateId: id,
    data,
    id: randomUUID(),
    time,
    actor: ACTOR,
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });
  return { id, subject: catalogSubject(id), ...eventStore.encodeEvent(event) };
}
