import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { loadConfig } from './config.js';

const UPSTREAMS = { COMMAND_URL: 'http://127.0.0.1:3000', QUERY_URL: 'http://127.0.0.1:3001' };

const keyOf = (env: Record<string, string>): string | undefined => {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    return error instanceof ConfigError ? error.key : String(error);
  }
};

describe('gateway config', () => {
  it('needs both upstream URLs and defaults the rest', () => {
    expect(loadConfig(UPSTREAMS)).toEqual({
      port: 8080,
      host: '0.0.0.0',
      commandUrl: new URL(UPSTREAMS.COMMAND_URL),
      queryUrl: new URL(UPSTREAMS.QUERY_URL),
      logLevel: 'info',
      logFormat: 'auto',
    });
    expect(keyOf({ QUERY_URL: UPSTREAMS.QUERY_URL })).toBe('COMMAND_URL');
    expect(keyOf({ ...UPSTREAMS, QUERY_URL: 'not a url' })).toBe('QUERY_URL');
    expect(keyOf({ ...UPSTREAMS, GATEWAY_PORT: '70000' })).toBe('GATEWAY_PORT');
    expect(keyOf({ ...UPSTREAMS, LOG_LEVEL: 'loud' })).toBe('LOG_LEVEL');
    expect(keyOf({ ...UPSTREAMS, LOG_FORMAT: 'xml' })).toBe('LOG_FORMAT');
  });

  it('refuses an https upstream at start-up: node:http would throw on the first request', () => {
    expect(keyOf({ ...UPSTREAMS, COMMAND_URL: 'https://command.internal' })).toBe('COMMAND_URL');
  });

  // BODY_LIMIT_BYTES was read as a port number, so its documented default (786432) stopped the gateway.
  it('starts with the environment the services share', () => {
    expect(keyOf({ ...UPSTREAMS, BODY_LIMIT_BYTES: '786432' })).toBeUndefined();
  });
});
