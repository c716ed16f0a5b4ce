import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { redactCredentials } from '../../http/src/config/redact.js';
import type { NatsConfig } from './nats.config.js';

/** NATS does not answer: the message names the URL tried, as boot must (SPEC §2). */
export class NatsUnreachableError extends Error {
  override readonly name = 'NatsUnreachableError';
}

/**
 * Connects once, failing fast at boot (no waiting for a server that is not there); once up, the
 * client reconnects for ever, and callers see "unavailable" (503) while it is away.
 */
export async function connectNats(config: NatsConfig, name: string): Promise<NatsConnection> {
  try {
    return await connect({
      servers: config.servers,
      name,
      timeout: 5_000,
      maxReconnectAttempts: -1,
      // A dropped connection (a write's answer lost with it) comes back in a quarter second, not the
      // client's default two: writes answer 503 while it is away. Jitter spreads many processes out.
      reconnectTimeWait: 250,
      // The client otherwise captures a stack trace for every request it sends (two per append),
      // about a fifth of a create's CPU; our errors carry their own context.
      noAsyncTraces: true,
      ...(config.credsFile && { authenticator: credsAuthenticator(readFileSync(config.credsFile)) }),
      ...(config.user && { user: config.user, pass: config.password }),
      ...(config.token && { token: config.token }),
      ...(config.tls && { tls: config.tls }),
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new NatsUnreachableError(redactCredentials(`NATS does not answer at ${config.url}: ${reason}`), { cause: err });
  }
}
