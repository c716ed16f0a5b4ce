// CloudEvents 1.0, structured JSON mode (SPEC §7). One message = one event.
import { currentSchemaVersion } from './upcasting/schema-versions.js';

export type EventFamily = 'catalog' | 'accounts';

export type CloudEvent<T extends object = Record<string, unknown>> = {
  specversion: '1.0';
  /** UUID; also the message's `Nats-Msg-Id`. */
  id: string;
  /** `/catalog` or `/accounts/<accountId>`. */
  source: string;
  /** `<family>.<Type>`, e.g. `catalog.PackageCreated`. */
  type: string;
  /** The aggregate id: `pkg_…` or the account package UUID. */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** `urn:artifact-register:events:<family>:<Type>:<schemaversion>` */
  dataschema: string;
  data: T;
  schemaversion: number;
  actor: string;
  correlationid: string;
  causationid: string;
};

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

export type BuildCloudEventInput<T extends object> = {
  family: EventFamily;
  /** The event name inside its family, e.g. `PackageCreated`. */
  type: string;
  /** `pkg_…` for the catalog, the package UUID for accounts. */
  aggregateId: string;
  /** Required for the accounts family: it names the source. */
  accountId?: string;
  data: T;
  id: string;
  /** Normalised to `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  time: string | Date;
  actor: string;
  correlationId: string;
  causationId: string;
  /** Defaults to the version this build writes for the type (`CURRENT_SCHEMA_VERSIONS`). */
  schemaVersion?: number;
};

/** Thrown when bytes from the stream, or input to the builder, are not an event of SPEC §7. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

const EVENT_TYPE = /^(catalog|accounts)\.[A-Z][A-Za-z0-9]*$/;

export const eventSource = (family: EventFamily, accountId?: string): string => {
  if (family === 'catalog') return '/catalog';
  if (!accountId) throw new InvalidEventError('an accounts event needs an accountId for its source');
  return `/accounts/${accountId}`;
};

export const dataSchemaUrn = (family: EventFamily, type: string, schemaVersion: number): string =>
  `urn:artifact-register:events:${family}:${type}:${schemaVersion}`;

const isoTime = (time: string | Date): string => {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) throw new InvalidEventError(`invalid event time: ${String(time)}`);
  return date.toISOString();
};

export function buildCloudEvent<T extends object>(input: BuildCloudEventInput<T>): CloudEvent<T> {
  const type = `${input.family}.${input.type}`;
  const schemaversion = input.schemaVersion ?? currentSchemaVersion(type);
  if (!EVENT_TYPE.test(type)) throw new InvalidEventError(`invalid event type: ${type}`);
  if (!Number.isInteger(schemaversion) || schemaversion < 1) {
    throw new InvalidEventError(`invalid schema version: ${schemaversion}`);
  }
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: input.id,
    source: eventSource(input.family, input.accountId),
    type,
    subject: input.aggregateId,
    time: isoTime(input.time),
    datacontenttype: 'application/json',
    dataschema: dataSchemaUrn(input.family, input.type, schemaversion),
    data: input.data,
    schemaversion,
    actor: input.actor,
    correlationid: input.correlationId,
    causationid: input.causationId,
  };
}

export type EncodedEvent = { payload: Uint8Array; headers: Record<string, string> };

// Stateless once built (decode is never called in streaming mode), so one of each serves every event.
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Headers repeat type and source so a subscriber can skip an event without parsing it. */
export function encodeEvent(event: CloudEvent): EncodedEvent {
  return {
    payload: utf8Encoder.encode(JSON.stringify(event)),
    headers: {
      'Nats-Msg-Id': event.id,
      'ce-type': event.type,
      'ce-source': event.source,
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
    },
  };
}

const STRING_FIELDS = ['id', 'source', 'subject', 'dataschema', 'actor', 'correlationid', 'causationid'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkEnvelope(value: Record<string, unknown>): string | undefined {
  if (value.specversion !== CLOUDEVENTS_SPEC_VERSION) return 'specversion';
  const missing = STRING_FIELDS.find((key) => typeof value[key] !== 'string' || value[key] === '');
  if (missing) return missing;
  if (typeof value.type !== 'string' || !EVENT_TYPE.test(value.type)) return 'type';
  if (typeof value.time !== 'string' || Number.isNaN(Date.parse(value.time))) return 'time';
  if (value.datacontenttype !== 'application/json') return 'datacontenttype';
  if (!isObject(value.data)) return 'data';
  const version = value.schemaversion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return 'schemaversion';
  return undefined;
}

/** Parses one stream message; unknown extension attributes are kept, a malformed envelope is refused. */
export function decodeEvent(bytes: Uint8Array): CloudEvent {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decoder.decode(bytes));
  } catch (err) {
    throw new InvalidEventError('event payload is not UTF-8 JSON', { cause: err });
  }
  if (!isObject(value)) throw new InvalidEventError('event payload is not a JSON object');
  const bad = checkEnvelope(value);
  if (bad) throw new InvalidEventError(`event envelope has a missing or invalid "${bad}"`);
  return value as CloudEvent;
}
