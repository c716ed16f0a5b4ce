export * from './cloud-event.js';
export * from './event-store.js';
export * from './subjects.js';
export * from './stream-config.js';
export { createJetStreamEventStore, type JetStreamEventStoreOptions } from './jetstream-event-store.js';
export { createInMemoryEventStore, type InMemoryEventStore, type StoredMessage } from './in-memory-event-store.js';
export * from './upcasting/index.js';
