import { ref, type JsonSchema } from './openapi.types.js';

// Components both families and both services use: the bearer scheme, the consistency and
// concurrency headers (SPEC §6), correlation ids (§8), CloudEvents in history pages, health bodies.

const header = (description: string, schema: JsonSchema = { type: 'string' }) => ({ description, schema });

export const sharedHeaders = {
  ETag: header('Strong entity tag: the aggregate version (JetStream sequence of its last event), e.g. `"42"`.'),
  Location: header('Absolute URL of the created resource.', { type: 'string', format: 'uri' }),
  XConsistencyToken: header('Opaque read-your-writes token (today the stream sequence); send it on a later query.'),
  XCorrelationId: header('The request correlation id (from `X-Correlation-ID`, else `traceparent`, else new).'),
  RetryAfter: header('Seconds to wait before retrying.', { type: 'integer', minimum: 0 }),
};

const headerParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'header', required: false, description, schema });

export const sharedParameters = {
  IfMatch: headerParam('If-Match', '`*` (exists) or quoted versions; a stale one answers 412 and nothing is written.'),
  IfNoneMatch: headerParam('If-None-Match', 'Quoted versions; a match answers 304 without a body.'),
  IdempotencyKey: headerParam('Idempotency-Key', 'Retrying with the same key, route and body replays the first answer and appends nothing.', {
    type: 'string',
    pattern: '^[A-Za-z0-9._:-]{1,255}$',
  }),
  ConsistencyToken: headerParam('X-Consistency-Token', 'Wait (up to CONSISTENCY_WAIT_MS, then 503) until the projector has applied the stream up to this write.', {
    type: 'string',
    pattern: '^[0-9]+$',
  }),
  CorrelationId: headerParam('X-Correlation-ID', 'Echoed, stored in the event (`correlationid`) and logged by the projector for that event.', {
    type: 'string',
    pattern: '^[A-Za-z0-9._:@-]{1,128}$',
  }),
  SchemaFile: { name: 'file', in: 'path', required: true, description: '`<Name>.json`.', schema: { type: 'string', pattern: '^[A-Za-z]+\\.json$' } },
  DocsAsset: { name: 'asset', in: 'path', required: true, schema: { enum: ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'] } },
  Traceparent: headerParam('traceparent', 'W3C trace context; its trace id is the correlation id when `X-Correlation-ID` is absent.'),
};

const WIRE_NAMES = {
  ETag: 'ETag',
  Location: 'Location',
  XConsistencyToken: 'X-Consistency-Token',
  XCorrelationId: 'X-Correlation-ID',
  RetryAfter: 'Retry-After',
} as const satisfies Record<keyof typeof sharedHeaders, string>;

export type HeaderName = keyof typeof WIRE_NAMES;

/** A response's `headers`: every answer echoes the correlation id. */
export const responseHeaders = (...names: HeaderName[]) =>
  Object.fromEntries((['XCorrelationId', ...names] as HeaderName[]).map((name) => [WIRE_NAMES[name], ref('headers', name)]));

/** Header parameters every operation of the families accepts. */
export const TRACING_PARAMETERS = ['CorrelationId', 'Traceparent'];

const CLOUD_EVENT_REQUIRED = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema', 'data', 'schemaversion', 'actor', 'correlationid', 'causationid'];

export const sharedSchemas: Record<string, JsonSchema> = {
  CloudEvent: {
    type: 'object',
    description: 'One stored event, CloudEvents 1.0 structured JSON (the event contract: schemas/events/<family>/<Type>.v<N>.json).',
    required: CLOUD_EVENT_REQUIRED,
    properties: {
      specversion: { const: '1.0' },
      id: { type: 'string', format: 'uuid' },
      source: { type: 'string', examples: ['/catalog', '/accounts/6f0c…'] },
      type: { type: 'string', examples: ['catalog.PackageCreated', 'accounts.PackageStateChanged'] },
      subject: { type: 'string', description: 'The aggregate id.' },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { const: 'application/json' },
      dataschema: { type: 'string', examples: ['urn:artifact-register:events:catalog:PackageCreated:1'] },
      data: { type: 'object' },
      schemaversion: { type: 'integer', minimum: 1 },
      actor: { type: 'string' },
      correlationid: { type: 'string' },
      causationid: { type: 'string' },
    },
  },
  HealthLive: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
  HealthReady: {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { enum: ['ok', 'unavailable'] },
      checks: { type: 'object', description: 'Outcome per dependency check (nats, postgres, projection-lag).', additionalProperties: true },
    },
  },
};

const json = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });

export const sharedResponses = {
  NotModified: { description: 'Not Modified: `If-None-Match` holds the current version.', headers: { ETag: ref('headers', 'ETag') } },
  HealthLive: json(ref('schemas', 'HealthLive'), 'The process answers.'),
  HealthReady: json(ref('schemas', 'HealthReady'), 'Every dependency answers (and, for the projection service, lag is under READY_LAG_THRESHOLD).'),
  HealthNotReady: json(ref('schemas', 'HealthReady'), 'A dependency does not answer, or the projector is too far behind.'),
  Metrics: { description: 'Prometheus text exposition.', content: { 'text/plain': { schema: { type: 'string' } } } },
  JsonSchemaFile: { description: 'A JSON Schema (the seed schemas, `additionalProperties: false`).', content: { 'application/schema+json': { schema: { type: 'object' } } } },
  OpenApiDocument: json({ type: 'object' }, 'This document.'),
  DocsAsset: { description: 'CSS or JavaScript of Swagger UI.', content: { 'text/css': {}, 'application/javascript': {} } },
  DocsPage: { description: 'Swagger UI for this document.', content: { 'text/html': { schema: { type: 'string' } } } },
};

export const securitySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'HS256 (or the JWKS keys). Claims: `sub`, `role` (viewer < member < admin < owner), `accounts` (UUIDs or `["*"]`), `exp`.',
  },
};

/** `as_of` (catalog) and `asOf` (accounts), SPEC §4.6. */
export const AS_OF_SCHEMA: JsonSchema = {
  anyOf: [
    { type: 'string', format: 'date-time', description: 'An RFC 3339 time.' },
    { type: 'string', pattern: '^[1-9][0-9]{0,15}$', description: 'A stream position (as in X-Consistency-Token).' },
  ],
};
export const AS_OF_DESCRIPTION =
  'Point in time: the resource exactly as it was after its last event at or before this RFC 3339 time or stream position ' +
  '(404 when it did not exist yet or was deleted by then); `ETag` is its version then. A position past the stream\'s end is 400.';
