import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { SYSTEM_ACTOR } from '../../../libs/domain/src/event-meta.js';
import { signDevToken } from '../../../libs/http/src/auth/dev-token.js';
import type { Role } from '../../../libs/http/src/auth/principal.js';
import { startNats } from '../../support/nats-server.js';
import { SECRET, startCommandService, type CommandProcess } from '../command-service.harness.js';

// What the account package write suites share: a private nats-server with command-service processes
// on it, tokens for an account member, and the stream read back as "what the caller appended".

const STREAM = 'ARTIFACTS';

export type StreamEvent = { seq: number; type: string; subject: string; source: string; actor: string; data: Record<string, unknown> };

export type AccountWritesStack = {
  /** Starts one more command-service process on the same NATS (the first, the second, ...). */
  startService(): Promise<CommandProcess>;
  lastSeq(): Promise<number>;
  /** Events appended after `seq` by callers; the verifier's (written as the nil UUID) are left out. */
  callerEventsAfter(seq: number): Promise<StreamEvent[]>;
  stop(): Promise<void>;
};

export const accountsCollection = (accountId: string): string => `/accounts/${accountId}/core/v1/packages`;

export const accountToken = (sub: string, role: Role, accounts: string[], secret = SECRET): Promise<string> =>
  signDevToken({ secret, sub, role, accounts, ttl: '10m' });

export async function startAccountWrites(): Promise<AccountWritesStack> {
  const nats = await startNats();
  const services: CommandProcess[] = [];
  const nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);

  const startService = async (): Promise<CommandProcess> => {
    const service = await startCommandService({ NATS_URL: nats.url });
    services.push(service);
    return service;
  };
  const lastSeq = async (): Promise<number> => (await jsm.streams.info(STREAM)).state.last_seq;
  const callerEventsAfter = async (seq: number): Promise<StreamEvent[]> => {
    const events: StreamEvent[] = [];
    for (let at = seq + 1, last = await lastSeq(); at <= last; at++) {
      const event = (await jsm.streams.getMessage(STREAM, { seq: at }))?.json<Omit<StreamEvent, 'seq'>>();
      if (event && event.actor !== SYSTEM_ACTOR) events.push({ ...event, seq: at });
    }
    return events;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(services.map((service) => service.stop()));
    await nc.close();
    await nats.stop();
  };
  return { startService, lastSeq, callerEventsAfter, stop };
}
