/** The query side's Postgres pool (`pg.Pool`): plain SQL against the read-model tables, no repositories. */
export const PG_POOL = 'PG_POOL';
/** The service's NatsConnection. */
export const NATS_CONNECTION = 'NATS_CONNECTION';
/** The loaded ProjectionServiceConfig. */
export const PROJECTION_CONFIG = 'PROJECTION_CONFIG';
/** RESPONSE_LIMIT_BYTES (a number): the largest list page the query routes answer. */
export const RESPONSE_LIMIT_BYTES = 'RESPONSE_LIMIT_BYTES';
