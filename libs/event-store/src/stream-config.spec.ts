import { natsNames, streamConfig } from './stream-config.js';

describe('streamConfig', () => {
  it('keeps every event: no limits, discard new, no deletes, purges or rollups', () => {
    expect(streamConfig({ name: 'ARTIFACTS', replicas: 3, duplicateWindowMs: 120_000 })).toStrictEqual({
      name: 'ARTIFACTS',
      subjects: ['artifacts.>'],
      storage: 'file',
      retention: 'limits',
      max_age: 0,
      max_bytes: -1,
      max_msgs: -1,
      max_msgs_per_subject: -1,
      max_msg_size: -1,
      max_consumers: -1,
      discard: 'new',
      deny_delete: true,
      deny_purge: true,
      allow_rollup_hdrs: false,
      duplicate_window: 120_000_000_000,
      num_replicas: 3,
      allow_direct: true,
    });
  });

  it.each(['', 'A.B', 'A B', 'A>', 'A*'])('refuses the stream name %j', (name) => {
    expect(() => streamConfig({ name, replicas: 1, duplicateWindowMs: 1000 })).toThrow(/invalid event stream name/);
  });
});

describe('natsNames', () => {
  it('derives every NATS name from the stream name', () => {
    expect(natsNames('AR_TEST')).toStrictEqual({
      stream: 'AR_TEST',
      subjects: 'artifacts.>',
      aliasesBucket: 'AR_TEST_aliases',
      uniqueBucket: 'AR_TEST_unique',
      idempotencyBucket: 'AR_TEST_idempotency',
    });
  });
});
