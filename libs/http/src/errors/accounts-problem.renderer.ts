import type { Problem, ProblemField, ProblemKind } from './problem.js';

type AstraProblem = { status: number; title: string; detail: string };

/**
 * Astra's problem catalogue: one fixed `title` and one fixed `detail` per number. 1–11 are the texts
 * of NetApp's Astra Control API 24.02.0 document (schemas/vendor/astra-openapi-24.02-packages.json),
 * which types them as single-value enums; the others are not in that document and are fixed here
 * (schemas/vendor/astra-problems-supplement.json). What went wrong in particular goes in
 * `invalidParams`, `invalidFields`, `schemaValidationFailure` and the log, never in `detail`.
 */
export const ASTRA_PROBLEMS: Record<number, AstraProblem> = {
  1: { status: 404, title: 'Resource not found', detail: "The resource specified in the request URI wasn't found." },
  2: { status: 404, title: 'Collection not found', detail: "The collection specified in the request URI wasn't found." },
  3: { status: 401, title: 'Missing bearer token', detail: 'The request is missing the required bearer token.' },
  4: { status: 401, title: 'Invalid bearer token', detail: "The bearer token provided is invalid, revoked, or doesn't exist." },
  5: { status: 400, title: 'Invalid query parameters', detail: 'The supplied query parameters are invalid.' },
  6: { status: 400, title: 'Query parameters not supported', detail: "The supplied query parameters aren't supported for this endpoint." },
  7: { status: 400, title: 'Invalid JSON payload', detail: 'The request body is not valid JSON.' },
  8: { status: 400, title: 'Invalid JSON resource', detail: "The request body JSON doesn't conform to the schema." },
  9: { status: 400, title: 'Invalid JSON resource', detail: "The request body JSON didn't pass extended validation." },
  10: { status: 409, title: 'JSON resource conflict', detail: 'The request body JSON contains a field that conflicts with an idempotent value.' },
  11: { status: 403, title: 'Operation not permitted', detail: "The requested operation isn't permitted." },
  32: { status: 415, title: 'Unsupported content type', detail: 'The request content type is not supported.' },
  34: { status: 500, title: 'Internal server error', detail: 'The server encountered an unexpected error.' },
  38: { status: 412, title: 'Precondition failed', detail: 'The resource has changed since the version given in If-Match.' },
  41: { status: 503, title: 'Service unavailable', detail: 'The service is temporarily unavailable.' },
  69: { status: 405, title: 'Method not supported', detail: 'The request method is not supported for this resource.' },
  85: { status: 413, title: 'Request body too large', detail: 'The request body exceeds the allowed size.' },
};

const KIND_NUMBER: Record<Exclude<ProblemKind, 'not-found'>, number> = {
  'bad-request': 5,
  'unknown-parameter': 6,
  'malformed-json': 7,
  'invalid-body': 8,
  'invalid-request': 9,
  'missing-token': 3,
  'invalid-token': 4,
  forbidden: 11,
  'collection-not-found': 2,
  'method-not-allowed': 69,
  conflict: 10,
  'precondition-failed': 38,
  'payload-too-large': 85,
  'unsupported-media-type': 32,
  internal: 34,
  unavailable: 41,
};

export type AccountsErrorBody = {
  type: string;
  title: string;
  detail: string;
  status: string;
  correlationID?: string;
  invalidParams?: NameReason[];
  invalidFields?: NameReason[];
  /** One string, as the vendor document types it: `name: reason` entries joined by `; `. */
  schemaValidationFailure?: string;
};
type NameReason = { name: string; reason: string };

export type AccountsRenderContext = { method: string; correlationId?: string };

/** The vendor document's `type_astra_identifier`: a lower-case UUID v4 or v5, or the nil UUID. */
const ASTRA_IDENTIFIER = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-(?:4[0-9a-f]{3}-[89ab]|5[0-9a-f]{3}-[0-9a-f])[0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12})$/;

export const isAstraIdentifier = (value: string | undefined): value is string => value !== undefined && ASTRA_IDENTIFIER.test(value);

/**
 * A missing resource is problem 2 on reads (as a missing collection would be) and problem 1 on writes.
 * A DELETE answers problem 1 for a missing or foreign account too: it is the only 404 the vendor
 * document lists for a DELETE, and a foreign account still answers exactly as a missing one.
 */
export function astraProblemNumber(kind: ProblemKind, method: string): number {
  if (kind === 'collection-not-found' && method === 'DELETE') return 1;
  if (kind !== 'not-found') return KIND_NUMBER[kind];
  return method === 'GET' || method === 'HEAD' ? 2 : 1;
}

/**
 * The problem body. `correlationID` is the request's correlation id when that is a UUID the vendor
 * document accepts; another id a client sent (or a traceparent's trace id) stays in the
 * `X-Correlation-ID` header and the log, not in the body.
 */
export function renderAccountsProblem(problem: Problem, context: AccountsRenderContext): { status: number; body: AccountsErrorBody } {
  const n = astraProblemNumber(problem.kind, context.method);
  const astra = ASTRA_PROBLEMS[n] as AstraProblem;
  const body: AccountsErrorBody = {
    type: `https://astra.netapp.io/problems/${n}`,
    title: astra.title,
    detail: astra.detail,
    status: String(astra.status),
  };
  if (isAstraIdentifier(context.correlationId)) body.correlationID = context.correlationId;
  const list = distinct(problem.fields.map(nameReason));
  if (list.length > 0) {
    if (n === 5 || n === 6) body.invalidParams = list;
    else if (n === 8) body.schemaValidationFailure = list.map(({ name, reason }) => `${name}: ${reason}`).join('; ');
    else if (n === 9 || n === 10) body.invalidFields = list;
  }
  return { status: astra.status, body };
}

/** `query.limit` → `limit`, `body.images[0].imageTag` → `images[0].imageTag`; headers keep their prefix. */
function nameReason(field: ProblemField): NameReason {
  const name = field.location.replace(/^(query|body)\.?/, '') || field.location;
  return { name, reason: field.message };
}

/** The document's lists hold unique items. */
function distinct(list: NameReason[]): NameReason[] {
  const seen = new Set<string>();
  return list.filter(({ name, reason }) => {
    const key = JSON.stringify([name, reason]);
    return !seen.has(key) && (seen.add(key), true);
  });
}
