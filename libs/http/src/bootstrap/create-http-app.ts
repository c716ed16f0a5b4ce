import type { IncomingMessage } from 'node:http';
import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/token.verifier.js';
import type { HttpConfig } from '../config/http.config.js';
import { correlationIdFrom } from '../correlation/correlation.js';
import { FamilyExceptionFilter } from '../errors/problem.filters.js';
import { CORS_EXPOSED_HEADERS } from '../headers/header-names.js';
import { HttpEdgeModule } from '../http-edge.module.js';
import { createLogger, PinoNestLogger } from '../logging/logger.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { registerBodyParsers } from './body.parsers.js';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './edge-errors.js';
import { registerGracefulClose } from './graceful-close.js';
import { registerOversizeBodyLinger } from './oversize-body.js';
import { registerRequestHooks } from './request.hooks.js';

export type HttpAppOptions = {
  /** Names the service in logs and metrics. */
  service: string;
  config: HttpConfig;
  logger?: Logger;
  metrics?: Metrics;
  verifier?: TokenVerifier;
  /** Default true; tests that boot many apps may turn the signal listeners off. */
  shutdownHooks?: boolean;
};

/**
 * Creates (not starts) a NestJS app on Fastify with the shared HTTP edge: auth guard, family error
 * filters, body limit and parsers, trailing slashes, 404/405, HEAD, CORS, correlation ids, logs,
 * metrics, health and schemas, graceful close. Call `app.listen(port, host)` next.
 */
export async function createHttpApp(appModule: Type | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat, service: options.service });
  const metrics = options.metrics ?? createMetrics({ service: options.service });
  const edge = HttpEdgeModule.forRoot({ config, logger, metrics, ...(options.verifier && { verifier: options.verifier }) });
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    genReqId: (raw: IncomingMessage) => correlationIdFrom(raw.headers),
    logger: false,
    // Closing: idle connections close at once; `registerGracefulClose` answers the requests that
    // still arrive (in the family's format) and closes connections as they turn idle.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule(appModule, edge), adapter, {
    bodyParser: false,
    abortOnError: false,
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify);
  registerRequestHooks(fastify, logger, metrics);
  registerGracefulClose(fastify);
  registerOversizeBodyLinger(fastify, config.bodyLimitBytes);
  app.useGlobalFilters(new FamilyExceptionFilter(logger));
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}

function rootModule(appModule: Type | DynamicModule, edge: DynamicModule): Type {
  @Module({ imports: [edge, appModule] })
  class HttpAppRootModule {}
  return HttpAppRootModule;
}
