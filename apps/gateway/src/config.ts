export type GatewayConfig = {
  port: number;
  host: string;
  commandUrl: URL;
  queryUrl: URL;
  bodyLimitBytes: number;
};

export class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';
}

const requiredUrl = (env: NodeJS.ProcessEnv, key: string): URL => {
  const value = env[key];
  if (!value) throw new GatewayConfigError(`${key} is required (the base URL of the service behind the gateway)`);
  try {
    return new URL(value);
  } catch {
    throw new GatewayConfigError(`${key} is not a URL: ${value}`);
  }
};

const port = (env: NodeJS.ProcessEnv, key: string, fallback: number): number => {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new GatewayConfigError(`${key} must be a port number, got ${raw}`);
  return value;
};

export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  return {
    port: port(env, 'GATEWAY_PORT', 8080),
    host: env.GATEWAY_HOST || '0.0.0.0',
    commandUrl: requiredUrl(env, 'COMMAND_URL'),
    queryUrl: requiredUrl(env, 'QUERY_URL'),
    bodyLimitBytes: port(env, 'BODY_LIMIT_BYTES', 786432) || 786432,
  };
}
