import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard.js';
import { createTokenVerifier, type TokenVerifier } from './auth/token.verifier.js';
import type { HttpConfig } from './config/http.config.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessRegistry } from './health/readiness.registry.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { METRICS, type Metrics } from './metrics/metrics.js';
import { SchemasController } from './schemas/schemas.controller.js';

export const HTTP_CONFIG = 'HTTP_CONFIG';
export const HTTP_LOGGER = 'HTTP_LOGGER';

export type HttpEdgeOptions = {
  config: HttpConfig;
  logger: Logger;
  metrics: Metrics;
  /** Replaces the verifier built from `config.auth` (tests with a local key set). */
  verifier?: TokenVerifier;
};

/**
 * Global: the auth guard on every route, `/health/*`, `/metrics`, `/schemas/*`, and the shared
 * providers (config, logger, metrics, readiness registry) any app provider can inject.
 * `createHttpApp` imports it; apps do not import it themselves.
 */
@Global()
@Module({})
export class HttpEdgeModule {
  static forRoot(options: HttpEdgeOptions): DynamicModule {
    const shared = [
      { provide: HTTP_CONFIG, useValue: options.config },
      { provide: HTTP_LOGGER, useValue: options.logger },
      { provide: METRICS, useValue: options.metrics },
      { provide: TOKEN_VERIFIER, useValue: options.verifier ?? createTokenVerifier(options.config.auth) },
      ReadinessRegistry,
    ];
    return {
      module: HttpEdgeModule,
      controllers: [HealthController, MetricsController, SchemasController],
      providers: [...shared, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [HTTP_CONFIG, HTTP_LOGGER, METRICS, TOKEN_VERIFIER, ReadinessRegistry],
    };
  }
}
