import { ConfigError } from '../../http/src/config/config.error.js';
import { list, optionalString, type Env } from '../../http/src/config/env.js';
import { redactCredentials } from '../../http/src/config/redact.js';

/** Where and how to reach NATS: `NATS_URL` (comma-separated for a cluster) plus credentials and TLS. */
export type NatsConfig = {
  servers: string[];
  /** As given but without passwords or tokens, for messages and logs that must name what was tried. */
  url: string;
  credsFile?: string;
  user?: string;
  password?: string;
  token?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
};

const PROTOCOLS = ['nats:', 'tls:', 'ws:', 'wss:'];
const STREAM_NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** `EVENT_STREAM`: the JetStream stream holding every event (default `ARTIFACTS`). */
export function loadEventStreamName(env: Env): string {
  const name = optionalString(env, 'EVENT_STREAM', 'ARTIFACTS');
  if (!STREAM_NAME.test(name)) throw new ConfigError('EVENT_STREAM', `must be 1..32 of A-Z a-z 0-9 _ -, got "${name}"`);
  return name;
}

export function loadNatsConfig(env: Env): NatsConfig {
  const servers = list(env, 'NATS_URL');
  if (servers.length === 0) throw new ConfigError('NATS_URL', 'is required but not set (e.g. nats://127.0.0.1:4222)');
  for (const server of servers) checkServer(server);
  const user = optionalString(env, 'NATS_USER');
  const password = optionalString(env, 'NATS_PASSWORD');
  if ((user === undefined) !== (password === undefined)) {
    throw new ConfigError(user === undefined ? 'NATS_USER' : 'NATS_PASSWORD', 'NATS_USER and NATS_PASSWORD go together');
  }
  const credsFile = optionalString(env, 'NATS_CREDS_FILE');
  const token = optionalString(env, 'NATS_TOKEN');
  const tls = tlsConfig(env);
  return {
    servers,
    url: redactCredentials(servers.join(',')),
    ...(credsFile && { credsFile }),
    ...(user && password && { user, password }),
    ...(token && { token }),
    ...(tls && { tls }),
  };
}

function checkServer(server: string): void {
  let parsed: URL;
  try {
    parsed = new URL(server);
  } catch {
    throw new ConfigError('NATS_URL', `must be a URL like nats://host:4222, got "${redactCredentials(server)}"`);
  }
  if (!PROTOCOLS.includes(parsed.protocol)) {
    throw new ConfigError('NATS_URL', `must use nats://, tls://, ws:// or wss://, got "${redactCredentials(server)}"`);
  }
}

function tlsConfig(env: Env): NatsConfig['tls'] {
  const caFile = optionalString(env, 'NATS_TLS_CA_FILE');
  const certFile = optionalString(env, 'NATS_TLS_CERT_FILE');
  const keyFile = optionalString(env, 'NATS_TLS_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(certFile === undefined ? 'NATS_TLS_CERT_FILE' : 'NATS_TLS_KEY_FILE', 'a client certificate needs both files');
  }
  if (!caFile && !certFile) return undefined;
  return { ...(caFile && { caFile }), ...(certFile && { certFile }), ...(keyFile && { keyFile }) };
}
