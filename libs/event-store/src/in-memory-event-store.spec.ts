import { describeEventStoreContract } from './event-store.contract.js';
import { createInMemoryEventStore } from './in-memory-event-store.js';

describeEventStoreContract('in memory', async () => {
  const store = createInMemoryEventStore();
  return {
    store,
    rawMessage: async (sequence) => {
      const message = store.message(sequence);
      if (!message) throw new Error(`no message at ${sequence}`);
      return message;
    },
    teardown: async () => undefined,
  };
});
