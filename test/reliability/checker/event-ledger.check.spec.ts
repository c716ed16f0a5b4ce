import { SYSTEM_ACTOR } from '../../../libs/domain/src/event-meta.js';
import type { CommandRecord } from '../driver/command-ledger.js';
import { checkLedger } from './event-ledger.check.js';
import type { StreamEvent } from './stream-reader.js';

const record = (overrides: Partial<CommandRecord> = {}): CommandRecord => ({
  key: 'k1',
  kind: 'catalog.create',
  subject: undefined,
  outcome: 'acked',
  status: 201,
  attempts: 1,
  ambiguous: 0,
  consistencyToken: 1,
  etag: 1,
  ...overrides,
});

const event = (overrides: Partial<StreamEvent> = {}): StreamEvent => ({
  seq: 1,
  subject: 'artifacts.catalog.pkg_1',
  id: `e${overrides.seq ?? 1}`,
  type: 'catalog.PackageCreated',
  actor: 'someone',
  correlationid: 'k1',
  causationid: undefined,
  data: {},
  ...overrides,
});

describe('checkLedger', () => {
  it('accepts one event per acknowledged command and the verifier’s own events', () => {
    const verifier = event({ seq: 2, actor: SYSTEM_ACTOR, type: 'accounts.PackageStateChanged', correlationid: 'k1' });
    const f = checkLedger([record()], [event(), verifier]);
    expect([f.lost, f.duplicated, f.commandless, f.wrongEvent, f.tokenBehind]).toEqual([[], [], [], [], []]);
    expect(f.verifierEvents).toBe(1);
  });

  it('finds a lost, a duplicated and a command-less event', () => {
    const f = checkLedger(
      [record(), record({ key: 'k2' })],
      [event({ seq: 1, correlationid: 'k2' }), event({ seq: 2, correlationid: 'k2' }), event({ seq: 3, correlationid: 'stranger' })],
    );
    expect(f.lost).toEqual(['catalog.create k1']);
    expect(f.duplicated).toHaveLength(1);
    expect(f.commandless).toHaveLength(1);
  });

  it('finds an event appended for a refused command, a wrong type, a token behind its event, a verifier twice', () => {
    const f = checkLedger(
      [record({ outcome: 'refused', status: 409 }), record({ key: 'k2', kind: 'catalog.update', consistencyToken: 1 })],
      [
        event({ seq: 1 }),
        event({ seq: 2, correlationid: 'k2' }),
        event({ seq: 3, actor: SYSTEM_ACTOR, type: 'accounts.PackageStateChanged', subject: 'artifacts.accounts.a.p' }),
        event({ seq: 4, actor: SYSTEM_ACTOR, type: 'accounts.PackageStateChanged', subject: 'artifacts.accounts.a.p' }),
      ],
    );
    expect(f.refusedButAppended).toHaveLength(1);
    expect(f.wrongEvent).toHaveLength(1);
    expect(f.tokenBehind).toHaveLength(1);
    expect(f.verifierTwice).toEqual(['artifacts.accounts.a.p: 2']);
  });
});
