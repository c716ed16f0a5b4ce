import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { loadConfig, loadRebuildConfig } from './config.js';

const base = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/db' };

describe('projection service config', () => {
  it('reads LOG_LEVEL for the rebuild as the service reads it', () => {
    expect(loadRebuildConfig({ ...base, LOG_LEVEL: 'INFO' }).logLevel).toBe('info');
    expect(loadConfig({ ...base, AUTH_JWT_SECRET: 'a-development-secret-of-at-least-32-bytes', LOG_LEVEL: 'INFO' }).http.logLevel).toBe('info');
    expect(() => loadRebuildConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(ConfigError);
  });

  it('refuses an unknown failpoint and a stream name NATS cannot use', () => {
    expect(loadRebuildConfig({ ...base, EVENT_STREAM: 'MINE' }).eventStream).toBe('MINE');
    expect(() => loadRebuildConfig({ ...base, EVENT_STREAM: 'a.b' })).toThrow(/EVENT_STREAM/);
    expect(loadConfig({ ...base, AUTH_JWT_SECRET: 'a-development-secret-of-at-least-32-bytes', FAILPOINTS: 'crash-after-commit' }).failpoints).toEqual(['crash-after-commit']);
    expect(() => loadConfig({ ...base, AUTH_JWT_SECRET: 'a-development-secret-of-at-least-32-bytes', FAILPOINTS: 'crash-after-append' })).toThrow(/FAILPOINTS/);
  });

  it('bounds the projector and the rebuild by bytes, with defaults and a floor of one MiB', () => {
    const env = { ...base, AUTH_JWT_SECRET: 'a-development-secret-of-at-least-32-bytes' };
    expect(loadConfig(env)).toMatchObject({ bufferBytes: 8 * 1024 * 1024, batchBytes: 4 * 1024 * 1024 });
    expect(loadConfig({ ...env, PROJECTOR_BUFFER_BYTES: '4194304' }).bufferBytes).toBe(4_194_304);
    expect(() => loadConfig({ ...env, PROJECTOR_BUFFER_BYTES: '1000' })).toThrow(/PROJECTOR_BUFFER_BYTES/);
    expect(loadRebuildConfig({ ...base, REBUILD_BATCH_BYTES: '2097152' }).batchBytes).toBe(2_097_152);
    expect(() => loadRebuildConfig({ ...base, REBUILD_BATCH_BYTES: '10' })).toThrow(/REBUILD_BATCH_BYTES/);
  });
});
