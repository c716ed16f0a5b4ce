import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { signDevToken } from '../auth/dev-token.js';
import type { Role } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token.verifier.js';
import { createHttpApp } from '../bootstrap/create-http-app.js';
import { loadHttpConfig, type HttpConfig } from '../config/http.config.js';
import type { Env } from '../config/env.js';
import { createLogger } from '../logging/logger.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

export type EdgeTestApp = {
  app: NestFastifyApplication;
  baseUrl: string;
  /** Log lines the app wrote, parsed. */
  logs: Record<string, unknown>[];
  token(role: Role, accounts?: string[]): Promise<string>;
  close(): Promise<void>;
};

/** Boots `module` behind the HTTP edge on 127.0.0.1 and a free port (app.inject() does not work under jest). */
export async function startEdgeTestApp(
  module: Type | DynamicModule,
  options: { env?: Env; verifier?: TokenVerifier; service?: string } = {},
): Promise<EdgeTestApp> {
  const config: HttpConfig = loadHttpConfig({ AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'info', ...options.env });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const service = options.service ?? 'edge-test';
  const logger = createLogger({ level: config.logLevel, service, destination });
  const app = await createHttpApp(module, {
    service,
    config,
    logger,
    shutdownHooks: false,
    ...(options.verifier && { verifier: options.verifier }),
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    logs,
    token: (role, accounts = []) => signDevToken({ secret: TEST_SECRET, sub: 'user-1', role, accounts, ttl: '5m' }),
    close: () => app.close(),
  };
}
