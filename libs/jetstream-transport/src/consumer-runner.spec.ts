import type { Consumer, JetStreamClient } from '@nats-io/jetstream';
import type { LoggerService } from '@nestjs/common';
import { ConsumerRunner } from './consumer-runner.js';
import { resolveOptions } from './jetstream-transport.options.js';
import { Slots } from './slots.js';

const silent: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A consumer whose every fetch waits a little and yields nothing, counting the fetches. */
const idleConsumer = () => {
  const counter = { fetches: 0 };
  const consumer = {
    fetch: async () => {
      counter.fetches += 1;
      await sleep(5);
      return (async function* () {})();
    },
  } as unknown as Consumer;
  return { consumer, counter };
};

describe('ConsumerRunner', () => {
  it('fetches again once the other consumer sharing its slots frees one', async () => {
    const slots = new Slots(1);
    slots.tryAcquire(); // the replay consumer's handler holds the only slot
    const { consumer, counter } = idleConsumer();
    const runner = new ConsumerRunner({
      consumer,
      js: {} as JetStreamClient,
      options: resolveOptions({ subscriber: 'shared' }),
      slots,
      replay: false,
      hasHandler: () => true,
      dispatch: async () => undefined,
      logger: silent,
    });
    runner.start();
    try {
      await sleep(50);
      expect(counter.fetches).toBe(0);
      slots.release(); // its handler settled
      await sleep(50);
      expect(counter.fetches).toBeGreaterThan(0);
    } finally {
      await runner.stop();
    }
  });
});
