// Public API of the HTTP edge both services share. See ../README.md.
export { ConfigError } from './config/config.error.js';
export { duration, integer, list, optionalString, parseDuration, requireString, url, type Env } from './config/env.js';
export { DEFAULT_BODY_LIMIT_BYTES, loadAuthConfig, loadHttpConfig, type AuthConfig, type AuthKeys, type HttpConfig, type LogLevel } from './config/http.config.js';

export { ROLES, hasRole, canReachAccount, type Principal, type Role } from './auth/principal.js';
export { AccountNotFoundError, ForbiddenError, InvalidTokenError, MissingTokenError } from './auth/auth.errors.js';
export { createTokenVerifier, type TokenVerifier } from './auth/token.verifier.js';
export { signDevToken, type DevTokenOptions } from './auth/dev-token.js';
export { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard.js';
export {
  AccountRead,
  AccountWrite,
  CatalogRead,
  CatalogWrite,
  CurrentPrincipal,
  Public,
  RequireRole,
  principalOf,
  type AccessRule,
} from './auth/access.decorators.js';

export { BadRequestError, ServiceUnavailableError, UnknownQueryParameterError } from './errors/http.errors.js';
export { SchemaValidationError } from './errors/schema-validation.error.js';
export { AccountsExceptionFilter, CatalogExceptionFilter } from './errors/problem.filters.js';
export { PROBLEM_CONTENT_TYPE } from './errors/family-problem.renderer.js';

export { createHttpApp, type HttpAppOptions } from './bootstrap/create-http-app.js';
export { HttpEdgeModule, HTTP_CONFIG, HTTP_LOGGER } from './http-edge.module.js';

export { HEADERS, CORS_EXPOSED_HEADERS } from './headers/header-names.js';
export { absoluteUrl, schemaUrl, type RequestLike } from './headers/urls.js';
export { assertIfMatch, formatETag, ifNoneMatchHits, parseIfMatch, type IfMatch } from './headers/etag.js';
export { ASTRA_PACKAGE_MEDIA_TYPE, astraContentType, JSON_MEDIA_TYPE } from './headers/media-type.js';

export { CorrelationId, correlationIdFrom, currentCorrelationId, runWithCorrelationId } from './correlation/correlation.js';
export { createLogger, PinoNestLogger, type Logger } from './logging/logger.js';
export { createMetrics, METRICS, type Metrics } from './metrics/metrics.js';
export { ReadinessRegistry, type ReadinessCheck } from './health/readiness.registry.js';

export { buildOpenApiDocument, API_VERSION } from './openapi/openapi-builder.js';
export { OpenApiModule, withOpenApi } from './openapi/openapi.module.js';
export { OPERATIONS_ROUTES } from './openapi/operations.routes.js';
export { catalogErrors } from './openapi/catalog.components.js';
export { accountsErrors } from './openapi/accounts.components.js';
export type { Access, HttpMethod, OpenApiDocument, RouteSpec, Tag } from './openapi/openapi.types.js';
