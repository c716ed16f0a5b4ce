import { ConfigError } from './config.error.js';
import { DEFAULT_BODY_LIMIT_BYTES, loadHttpConfig } from './http.config.js';

const SECRET = 'x'.repeat(32);

const errorOf = (env: Record<string, string>): ConfigError => {
  try {
    loadHttpConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('loadHttpConfig', () => {
  it('reads the shared keys with their defaults', () => {
    const config = loadHttpConfig({ AUTH_JWT_SECRET: SECRET });
    expect(config).toEqual({
      auth: { keys: { kind: 'secret', secret: new TextEncoder().encode(SECRET) } },
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      logLevel: 'info',
      logFormat: 'auto',
      corsOrigins: [],
    });
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(786_432);
  });

  it('reads a JWKS URL, issuer, audience, CORS origins and log level', () => {
    const config = loadHttpConfig({
      AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'artifact-register',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'JSON',
    });
    expect(config.auth.keys).toEqual({ kind: 'jwks', jwksUrl: new URL('https://id.example.com/.well-known/jwks.json') });
    expect(config.auth.issuer).toBe('https://id.example.com/');
    expect(config.auth.audience).toBe('artifact-register');
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.logLevel).toBe('debug');
    expect(config.logFormat).toBe('json');
  });

  it('names LOG_FORMAT when it is neither auto, json nor pretty', () => {
    expect(errorOf({ AUTH_JWT_SECRET: SECRET, LOG_FORMAT: 'text' }).key).toBe('LOG_FORMAT');
  });

  it('never defaults the secret', () => {
    expect(errorOf({}).key).toBe('AUTH_JWT_SECRET');
  });

  it('counts the secret in UTF-8 bytes', () => {
    expect(errorOf({ AUTH_JWT_SECRET: 'x'.repeat(31) }).message).toMatch(/at least 32 bytes of UTF-8, got 31/);
    expect(loadHttpConfig({ AUTH_JWT_SECRET: 'é'.repeat(16) }).auth.keys.kind).toBe('secret');
  });

  it('refuses both a secret and a JWKS URL, and a JWKS URL that is not http(s)', () => {
    expect(errorOf({ AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://id.example.com/jwks' }).message).toMatch(/only one/);
    expect(errorOf({ AUTH_JWKS_URL: 'ftp://id.example.com/jwks' }).key).toBe('AUTH_JWKS_URL');
  });

  it('fetches JWKS over https only, unless AUTH_JWKS_ALLOW_HTTP=true says otherwise', () => {
    expect(errorOf({ AUTH_JWKS_URL: 'http://id.example.com/jwks' }).key).toBe('AUTH_JWKS_URL');
    expect(errorOf({ AUTH_JWKS_URL: 'http://id.example.com/jwks', AUTH_JWKS_ALLOW_HTTP: 'false' }).key).toBe('AUTH_JWKS_URL');
    expect(errorOf({ AUTH_JWKS_URL: 'http://id.example.com/jwks', AUTH_JWKS_ALLOW_HTTP: 'yes' }).key).toBe('AUTH_JWKS_ALLOW_HTTP');
    const allowed = loadHttpConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks', AUTH_JWKS_ALLOW_HTTP: 'true' }).auth.keys;
    expect(allowed).toEqual({ kind: 'jwks', jwksUrl: new URL('http://127.0.0.1:9/jwks') });
  });

  it('keeps the body limit under NATS 1 MiB payload limit', () => {
    expect(errorOf({ AUTH_JWT_SECRET: SECRET, BODY_LIMIT_BYTES: '1048576' }).key).toBe('BODY_LIMIT_BYTES');
    expect(loadHttpConfig({ AUTH_JWT_SECRET: SECRET, BODY_LIMIT_BYTES: '1000000' }).bodyLimitBytes).toBe(1_000_000);
  });

  it('refuses an unknown log level', () => {
    expect(errorOf({ AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'loud' }).key).toBe('LOG_LEVEL');
  });
});
