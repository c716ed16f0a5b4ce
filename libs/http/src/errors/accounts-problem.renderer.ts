import type { Problem, ProblemField, ProblemKind } from './problem.js';

type AstraProblem = { status: number; title: string; detail: string };

/** Astra's problem catalogue: fixed title per number; `detail` is the default when none is more specific. */
export const ASTRA_PROBLEMS: Record<number, AstraProblem> = {
  1: { status: 404, title: 'Resource not found', detail: "The resource specified in the request URI wasn't found." },
  2: { status: 404, title: 'Collection not found', detail: "The collection specified in the request URI wasn't found." },
  3: { status: 401, title: 'Missing bearer token', detail: 'The request is missing the required bearer token.' },
  4: { status: 401, title: 'Invalid bearer token', detail: 'The supplied bearer token is invalid.' },
  5: { status: 400, title: 'Invalid query parameters', detail: 'The supplied query parameters are invalid.' },
  6: { status: 400, title: 'Unsupported query parameters', detail: 'The supplied query parameters are not supported.' },
  7: { status: 400, title: 'Invalid JSON payload', detail: 'The request body is not valid JSON.' },
  8: { status: 400, title: 'Invalid JSON resource', detail: 'The supplied JSON resource does not match its schema.' },
  9: { status: 400, title: 'Invalid JSON resource', detail: 'The supplied JSON resource failed extended validation.' },
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
  schemaValidationFailure?: NameReason[];
};
type NameReason = { name: string; reason: string };

export type AccountsRenderContext = { method: string; correlationId?: string };

/** A missing resource is problem 2 on reads (as a missing collection would be) and problem 1 on writes. */
export function astraProblemNumber(kind: ProblemKind, method: string): number {
  if (kind !== 'not-found') return KIND_NUMBER[kind];
  return method === 'GET' || method === 'HEAD' ? 2 : 1;
}

export function renderAccountsProblem(
  problem: Problem,
  context: AccountsRenderContext,
): { status: number; body: AccountsErrorBody } {
  const n = astraProblemNumber(problem.kind, context.method);
  const astra = ASTRA_PROBLEMS[n] as AstraProblem;
  const body: AccountsErrorBody = {
    type: `https://astra.netapp.io/problems/${n}`,
    title: astra.title,
    detail: problem.detail || astra.detail,
    status: String(astra.status),
  };
  if (context.correlationId) body.correlationID = context.correlationId;
  const list = problem.fields.map(nameReason);
  if (list.length > 0) {
    if (n === 5 || n === 6) body.invalidParams = list;
    else if (n === 8) body.schemaValidationFailure = list;
    else if (n === 9 || n === 10) body.invalidFields = list;
  }
  return { status: astra.status, body };
}

/** `query.limit` → `limit`, `body.images[0].imageTag` → `images[0].imageTag`; headers keep their prefix. */
function nameReason(field: ProblemField): NameReason {
  const name = field.location.replace(/^(query|body)\.?/, '') || field.location;
  return { name, reason: field.message };
}
