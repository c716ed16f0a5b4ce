import { ConfigError } from './config.error.js';

/** The environment as the process sees it; only each app's `loadConfig(env)` passes `process.env` in. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A set value, trimmed; an empty string counts as unset so `KEY=` never means "configured". */
function read(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function requireString(env: Env, key: string): string {
  const value = read(env, key);
  if (value === undefined) throw new ConfigError(key, 'is required but not set');
  return value;
}

export function optionalString(env: Env, key: string): string | undefined;
export function optionalString(env: Env, key: string, fallback: string): string;
export function optionalString(env: Env, key: string, fallback?: string): string | undefined {
  return read(env, key) ?? fallback;
}

export type IntegerOptions = { min?: number; max?: number; default?: number };

export function integer(env: Env, key: string, options: IntegerOptions = {}): number {
  const raw = read(env, key);
  if (raw === undefined) {
    if (options.default === undefined) throw new ConfigError(key, 'is required but not set');
    return options.default;
  }
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(key, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new ConfigError(key, `is out of range: "${raw}"`);
  if (options.min !== undefined && value < options.min) {
    throw new ConfigError(key, `must be at least ${options.min}, got ${value}`);
  }
  if (options.max !== undefined && value > options.max) {
    throw new ConfigError(key, `must be at most ${options.max}, got ${value}`);
  }
  return value;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses "25h", "2m", "30s", "500ms", "1d" or plain milliseconds into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

export type DurationOptions = { default?: string | number; min?: number };

/** A duration in milliseconds. */
export function duration(env: Env, key: string, options: DurationOptions = {}): number {
  const raw = read(env, key);
  if (raw === undefined) {
    if (options.default === undefined) throw new ConfigError(key, 'is required but not set');
    return typeof options.default === 'number' ? options.default : mustParse(key, options.default);
  }
  const value = mustParse(key, raw);
  if (options.min !== undefined && value < options.min) {
    throw new ConfigError(key, `must be at least ${options.min} ms, got ${value} ms`);
  }
  return value;
}

function mustParse(key: string, raw: string): number {
  const value = parseDuration(raw);
  if (value === undefined) {
    throw new ConfigError(key, `must be a duration like "25h", "2m", "30s", "500ms" or plain milliseconds, got "${raw}"`);
  }
  return value;
}

export type UrlOptions = { protocols?: readonly string[] };

export function url(env: Env, key: string, options?: UrlOptions & { optional?: false }): URL;
export function url(env: Env, key: string, options: UrlOptions & { optional: true }): URL | undefined;
export function url(env: Env, key: string, options: UrlOptions & { optional?: boolean } = {}): URL | undefined {
  const raw = read(env, key);
  if (raw === undefined) {
    if (options.optional) return undefined;
    throw new ConfigError(key, 'is required but not set');
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(key, `must be an absolute URL, got "${raw}"`);
  }
  const protocols = options.protocols;
  if (protocols && !protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(key, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return parsed;
}

/** A comma-separated list, items trimmed, empty items dropped; unset → `[]`. */
export function list(env: Env, key: string): string[] {
  const raw = read(env, key);
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
