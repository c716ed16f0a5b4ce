import { ConfigError } from './config.error.js';
import { duration, integer, list, optionalString, parseDuration, requireString, url } from './env.js';

const failure = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('env readers', () => {
  it('requireString names the key when unset or empty', () => {
    expect(requireString({ A: ' x ' }, 'A')).toBe('x');
    expect(failure(() => requireString({ A: '  ' }, 'A')).message).toBe('A: is required but not set');
  });

  it('optionalString falls back', () => {
    expect(optionalString({}, 'A')).toBeUndefined();
    expect(optionalString({}, 'A', 'd')).toBe('d');
  });

  it('integer parses, bounds and defaults', () => {
    expect(integer({ N: '42' }, 'N')).toBe(42);
    expect(integer({}, 'N', { default: 7 })).toBe(7);
    expect(failure(() => integer({ N: '4.2' }, 'N')).message).toMatch(/^N: must be an integer/);
    expect(failure(() => integer({ N: '0' }, 'N', { min: 1 })).message).toBe('N: must be at least 1, got 0');
    expect(failure(() => integer({ N: '9' }, 'N', { max: 8 })).message).toBe('N: must be at most 8, got 9');
    expect(failure(() => integer({}, 'N')).key).toBe('N');
  });

  it('duration reads units and plain milliseconds', () => {
    expect(parseDuration('25h')).toBe(90_000_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1500')).toBe(1500);
    expect(parseDuration('2 weeks')).toBeUndefined();
    expect(duration({}, 'TTL', { default: '25h' })).toBe(90_000_000);
    expect(duration({ TTL: '30s' }, 'TTL')).toBe(30_000);
    expect(failure(() => duration({ TTL: 'soon' }, 'TTL')).message).toMatch(/^TTL: must be a duration/);
  });

  it('url requires an absolute URL of an allowed protocol', () => {
    expect(url({ U: 'nats://127.0.0.1:4222' }, 'U').port).toBe('4222');
    expect(url({}, 'U', { optional: true })).toBeUndefined();
    expect(failure(() => url({ U: 'localhost:4222' }, 'U', { protocols: ['nats'] })).message).toMatch(/^U: must use nats/);
    expect(failure(() => url({ U: '::' }, 'U')).message).toMatch(/^U: must be an absolute URL/);
  });

  it('list splits on commas and drops empty items', () => {
    expect(list({ L: 'a, b,,c ' }, 'L')).toEqual(['a', 'b', 'c']);
    expect(list({}, 'L')).toEqual([]);
  });
});
