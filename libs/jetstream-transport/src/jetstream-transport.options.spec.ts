import { Registry } from 'prom-client';
import { prometheusTransportMetrics } from './jetstream-transport.metrics.js';
import { backoffFor, resolveOptions, transportNames } from './jetstream-transport.options.js';

describe('transport options', () => {
  it('defaults to the ARTIFACTS stream, all of artifacts.>, 5 deliveries and a 1/5/15 s backoff', () => {
    const options = resolveOptions({ subscriber: 'package-verifier', stream: undefined });
    expect(options).toMatchObject({ stream: 'ARTIFACTS', filterSubject: 'artifacts.>', maxDeliver: 5, backoffMs: [1000, 5000, 15000], ackWaitMs: 30_000 });
  });

  it('refuses names that cannot be subject tokens and an ack wait not above the longest backoff', () => {
    expect(() => resolveOptions({ subscriber: 'a.b' })).toThrow(/subscriber/);
    expect(() => resolveOptions({ subscriber: 'ok', filterSubjects: ['a.>', 'b.>'] as unknown as [string] })).toThrow(/exactly one/);
    expect(resolveOptions({ subscriber: 'ok', filterSubjects: ['artifacts.catalog.>'] }).filterSubject).toBe('artifacts.catalog.>');
    expect(() => resolveOptions({ subscriber: 'ok', backoffMs: [1000, 40_000] })).toThrow(/ackWaitMs/);
  });

  it('repeats the last delay once the backoff list is used up', () => {
    expect([1, 2, 3, 4, 9].map((n) => backoffFor([10, 20, 30], n))).toEqual([10, 20, 30, 30, 30]);
    expect(backoffFor([], 3)).toBe(0);
  });

  it('names the dead-letter objects outside artifacts.>', () => {
    expect(transportNames('ARTIFACTS', 'package-verifier')).toEqual({
      durable: 'sub_package-verifier',
      replayDurable: 'sub_package-verifier_replay',
      deadLetterStream: 'ARTIFACTS_DLQ',
      deadLetterSubjects: 'dlq.ARTIFACTS.>',
      deadLetterSubject: 'dlq.ARTIFACTS.package-verifier',
      replaySubject: 'dlq.ARTIFACTS.package-verifier.replay',
    });
  });

  it('counts redeliveries and dead letters per subscriber on a prom-client registry', async () => {
    const registry = new Registry();
    const metrics = prometheusTransportMetrics(registry);
    metrics.onRedelivery?.({ subscriber: 'v', subject: 's', deliveryCount: 2 });
    metrics.onDeadLetter?.({ subscriber: 'v', subject: 's', error: 'x' });
    prometheusTransportMetrics(registry).onDeadLetter?.({ subscriber: 'v', subject: 's', error: 'y' });
    const text = await registry.metrics();
    expect(text).toContain('subscriber_redeliveries_total{subscriber="v"} 1');
    expect(text).toContain('dead_letters_total{subscriber="v"} 2');
  });
});
