import { integer, optionalString, url, type Env } from '../../../libs/http/src/config/env.js';
import { logFormat, logLevel, type LogFormat, type LogLevel } from '../../../libs/http/src/config/http.config.js';

export type GatewayConfig = {
  port: number;
  host: string;
  /** Base URLs of the services behind the gateway; plain HTTP, as `node:http` forwards to them. */
  commandUrl: URL;
  queryUrl: URL;
  logLevel: LogLevel;
  logFormat: LogFormat;
};

export function loadConfig(env: Env): GatewayConfig {
  return {
    port: integer(env, 'GATEWAY_PORT', { min: 0, max: 65_535, default: 8080 }),
    host: optionalString(env, 'GATEWAY_HOST', '0.0.0.0'),
    commandUrl: url(env, 'COMMAND_URL', { protocols: ['http'] }),
    queryUrl: url(env, 'QUERY_URL', { protocols: ['http'] }),
    logLevel: logLevel(env),
    logFormat: logFormat(env),
  };
}
