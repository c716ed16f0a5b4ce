import { ConfigError } from './config.error.js';
import { integer, list, optionalString, url, type Env } from './env.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** `auto`: readable lines when stdout is a terminal, JSON lines otherwise; `json` and `pretty` force one. */
export type LogFormat = 'auto' | 'json' | 'pretty';
const LOG_FORMATS: readonly LogFormat[] = ['auto', 'json', 'pretty'];

/** How tokens are verified: a shared HS256 secret, or the RS256/ES256 keys of a JWKS endpoint. */
export type AuthKeys = { kind: 'secret'; secret: Uint8Array } | { kind: 'jwks'; jwksUrl: URL };

export type AuthConfig = { keys: AuthKeys; issuer?: string; audience?: string };

export type HttpConfig = {
  auth: AuthConfig;
  bodyLimitBytes: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Allowed CORS origins; `[]` disables CORS, `['*']` allows any origin. */
  corsOrigins: string[];
};

export const DEFAULT_BODY_LIMIT_BYTES = 786_432;
/** NATS refuses messages over 1 MiB by default, and a body becomes (part of) one event. */
const NATS_MAX_PAYLOAD = 1_048_576;
const MIN_SECRET_BYTES = 32;

/** The keys both services share. Each app's `loadConfig(env)` composes this with its own keys. */
export function loadHttpConfig(env: Env): HttpConfig {
  return {
    auth: loadAuthConfig(env),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', {
      min: 1,
      max: NATS_MAX_PAYLOAD - 1,
      default: DEFAULT_BODY_LIMIT_BYTES,
    }),
    logLevel: logLevel(env),
    logFormat: logFormat(env),
    corsOrigins: list(env, 'CORS_ORIGINS'),
  };
}

export function loadAuthConfig(env: Env): AuthConfig {
  const issuer = optionalString(env, 'AUTH_ISSUER');
  const audience = optionalString(env, 'AUTH_AUDIENCE');
  return { keys: authKeys(env), ...(issuer && { issuer }), ...(audience && { audience }) };
}

function authKeys(env: Env): AuthKeys {
  // Read raw: a secret's surrounding spaces are part of it.
  const secret = env['AUTH_JWT_SECRET'];
  const jwksUrl = url(env, 'AUTH_JWKS_URL', { optional: true, protocols: jwksProtocols(env) });
  if (secret !== undefined && secret !== '') {
    if (jwksUrl) throw new ConfigError('AUTH_JWT_SECRET', 'set only one of AUTH_JWT_SECRET and AUTH_JWKS_URL');
    const bytes = new TextEncoder().encode(secret);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new ConfigError('AUTH_JWT_SECRET', `must be at least ${MIN_SECRET_BYTES} bytes of UTF-8, got ${bytes.length}`);
    }
    return { kind: 'secret', secret: bytes };
  }
  if (jwksUrl) return { kind: 'jwks', jwksUrl };
  throw new ConfigError('AUTH_JWT_SECRET', 'is required (or AUTH_JWKS_URL): tokens cannot be verified without one');
}

/**
 * The signing keys decide who is admin: fetched over plain http, anyone on the path could swap them.
 * https only, unless AUTH_JWKS_ALLOW_HTTP=true (a local identity provider, a test).
 */
function jwksProtocols(env: Env): string[] {
  const allow = optionalString(env, 'AUTH_JWKS_ALLOW_HTTP', 'false').toLowerCase();
  if (allow !== 'true' && allow !== 'false') throw new ConfigError('AUTH_JWKS_ALLOW_HTTP', `must be true or false, got "${allow}"`);
  return allow === 'true' ? ['https', 'http'] : ['https'];
}

export function logLevel(env: Env): LogLevel {
  const value = optionalString(env, 'LOG_LEVEL', 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  }
  return value as LogLevel;
}

export function logFormat(env: Env): LogFormat {
  const value = optionalString(env, 'LOG_FORMAT', 'auto').toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(value)) {
    throw new ConfigError('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')}, got "${value}"`);
  }
  return value as LogFormat;
}
