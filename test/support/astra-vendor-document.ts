// Holds account package answers against NetApp's Astra Control API 24.02.0 document (its packages
// operations, schemas/vendor/astra-openapi-24.02-packages.json) with a standard OpenAPI response
// validator. What the document does not cover is checked against the same document's problem form
// (schemas/vendor/astra-problems-supplement.json), and every deliberate difference is a named
// loosening below, written down in docs/decisions.md ("Account packages and NetApp's document").
import { readFileSync } from 'node:fs';
import OpenAPIResponseValidatorModule from 'openapi-response-validator';

type Json = Record<string, unknown>;
type Responses = Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
type Validator = { validateResponse(status: number, body: unknown): { message: string; errors: { path?: string; message: string }[] } | undefined };
type ValidatorClass = new (args: { responses: unknown; components: unknown }) => Validator;

// CommonJS with `exports.default`: the class is on `.default` when imported as ESM.
const OpenAPIResponseValidator = ((OpenAPIResponseValidatorModule as unknown as { default?: ValidatorClass }).default ??
  OpenAPIResponseValidatorModule) as unknown as ValidatorClass;

const load = (name: string): Json => JSON.parse(readFileSync(new URL(`../../schemas/vendor/${name}`, import.meta.url), 'utf8')) as Json;

/**
 * Deliberate differences, each a property whose `enum` the register does not keep:
 * `packageName` is any name of 1..31 characters (NetApp allows only acc, acs, trident), and so a
 * dependency's `componentName` may name any package too.
 */
export const LOOSENED_ENUMS = ['packageName', 'componentName'] as const;

/** The vendor document with the supplement's problems added and the deliberate loosenings applied. */
function vendorDocument(): { paths: Record<string, Record<string, { responses: Responses }>>; components: { schemas: Record<string, Json> } } {
  const document = load('astra-openapi-24.02-packages.json') as ReturnType<typeof vendorDocument>;
  const supplement = load('astra-problems-supplement.json') as { components: { schemas: Record<string, Json> } };
  const loosened = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if ((LOOSENED_ENUMS as readonly string[]).includes(key) && typeof value === 'object' && value !== null && 'enum' in value) {
        delete (value as Json)['enum'];
        loosened.add(key);
      }
      walk(value);
    }
  };
  walk(document.components.schemas);
  // A new vendor document that moved these would silently stop loosening them: say so instead.
  for (const name of LOOSENED_ENUMS) if (!loosened.has(name)) throw new Error(`the vendor document has no ${name} enum to loosen any more`);
  Object.assign(document.components.schemas, supplement.components.schemas);
  return document;
}

const DOCUMENT = vendorDocument();
const COLLECTION = '/accounts/{account_id}/core/v1/packages';
const ITEM = '/accounts/{account_id}/core/v1/packages/{package_id}';

export type Operation = 'POST collection' | 'GET collection' | 'GET item' | 'DELETE item' | 'PUT item' | 'GET history' | 'other';

/** The vendor's operation (or ours, absent from the document) a request addresses. */
export function operationOf(method: string, url: string): Operation {
  const path = new URL(url, 'http://x').pathname.replace(/\/$/, '');
  const segments = path.split('/');
  const accounts = segments[1] === 'accounts' && segments[3] === 'core' && segments[4] === 'v1' && segments[5] === 'packages';
  const kind = !accounts ? 'other' : segments.length === 6 ? 'collection' : segments.length === 7 ? 'item' : segments.length === 8 && segments[7] === 'history' ? 'history' : 'other';
  const operation = `${method} ${kind}`;
  return (['POST collection', 'GET collection', 'GET item', 'DELETE item', 'PUT item', 'GET history'] as string[]).includes(operation) ? (operation as Operation) : 'other';
}

const vendorResponses = (operation: Operation): Responses | undefined => {
  const [method = '', kind] = operation.toLowerCase().split(' ');
  const path = kind === 'collection' ? COLLECTION : kind === 'item' ? ITEM : undefined;
  return path === undefined ? undefined : DOCUMENT.paths[path]?.[method]?.responses;
};

const validators = new Map<string, Validator>();
function validatorFor(key: string, responses: unknown): Validator {
  let validator = validators.get(key);
  if (!validator) {
    validator = new OpenAPIResponseValidator({ responses, components: DOCUMENT.components });
    validators.set(key, validator);
  }
  return validator;
}

/** The problem schema of `n` (the vendor's 1–11, the supplement's others), as a one-response validator. */
const problemValidator = (n: number): Validator | undefined =>
  DOCUMENT.components.schemas[`astra_problem_detail_${n}`] === undefined
    ? undefined
    : validatorFor(`problem ${n}`, { default: { content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/astra_problem_detail_${n}` } } } } });

export type Exchange = {
  method: string;
  /** The request path with its query. */
  url: string;
  /** The request's Accept header, if any. */
  accept?: string | undefined;
  status: number;
  /** Response headers. */
  headers: Headers;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
};

/** The problem number of an Astra problem body, if it is one. */
export const problemNumber = (body: unknown): number | undefined => {
  const match = /^https:\/\/astra\.netapp\.io\/problems\/(\d+)$/.exec(String((body as { type?: unknown } | undefined)?.type ?? ''));
  return match ? Number(match[1]) : undefined;
};

const mediaType = (headers: Headers): string => (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
const format = (result: ReturnType<Validator['validateResponse']>): string[] =>
  result ? result.errors.map((e) => `${e.path ?? ''} ${e.message}`.trim()) : [];

/**
 * Every way `exchange` departs from the vendor document (empty when it conforms). A status the
 * operation declares is validated by the document's own response object; a problem the operation
 * does not declare (412, 413, 415, 405, 503, 500, or any problem of PUT and history) must still be
 * an Astra problem of the document's form, with its number's fixed texts.
 */
export function vendorViolations(exchange: Exchange): string[] {
  const { method, status, headers, body } = exchange;
  if (method === 'HEAD' || status === 304) return body === undefined ? [] : [`${status} to ${method} with a body`];
  const operation = operationOf(method, exchange.url);
  const declared = vendorResponses(operation)?.[String(status)];
  const type = mediaType(headers);
  if (declared) {
    return [
      ...contentTypeViolations(declared, type, exchange.accept, status),
      ...locationViolations(declared, headers),
      ...format(validatorFor(operation, vendorResponses(operation)).validateResponse(status, structuredClone(body))),
    ];
  }
  if (status >= 400) return type === 'application/problem+json' ? problemViolations(status, body) : [`${status} answered as ${type}, not application/problem+json`];
  return successOutsideDocument(operation, status, type, body);
}

/** Departures of a problem body from its number's schema: the vendor's 1–11, the supplement's others. */
export function problemViolations(status: number, body: unknown): string[] {
  const n = problemNumber(body);
  const validator = n === undefined ? undefined : problemValidator(n);
  if (!validator) return [`${status} problem ${n ?? '(none)'} is in neither the vendor document nor the supplement`];
  return format(validator.validateResponse(status, structuredClone(body)));
}

/** The answered type is one the document declares, or the alternative the request's Accept named. */
function contentTypeViolations(declared: { content?: Record<string, unknown> }, type: string, accept: string | undefined, status: number): string[] {
  const types = Object.keys(declared.content ?? {});
  if (types.length === 0) return type === '' ? [] : [`${status} declares no body, answered ${type}`];
  const asked = accept !== undefined && accept.toLowerCase().includes(type) && ['application/json', 'application/astra-package+json'].includes(type);
  return types.includes(type) || asked ? [] : [`${status} answered as ${type || '(none)'}; the document declares ${types.join(', ')}`];
}

/** A declared `Location` header (201) is there and an absolute URI. */
function locationViolations(declared: { headers?: Record<string, unknown> }, headers: Headers): string[] {
  if (!declared.headers || !('Location' in declared.headers)) return [];
  const location = headers.get('location') ?? '';
  return URL.canParse(location) ? [] : [`Location "${location}" is not an absolute URI`];
}

/** The vendor's `type_base64_data`, which our history tokens follow like the list's. */
const BASE64_DATA = new RegExp(String((DOCUMENT.components.schemas['type_base64_data'] as { pattern: string }).pattern));

/** PUT (204, no body) and history (a page of CloudEvents) are ours: the document has neither. */
function successOutsideDocument(operation: Operation, status: number, type: string, body: unknown): string[] {
  if (operation === 'PUT item' && status === 204) return body === undefined ? [] : ['204 to PUT with a body'];
  if (operation === 'GET history' && status === 200) {
    const page = body as { items?: unknown; metadata?: { continue?: unknown } } | undefined;
    const ok = Array.isArray(page?.items) && typeof page?.metadata === 'object' && ['application/json', 'application/astra-package+json'].includes(type);
    const token = page?.metadata?.continue;
    if (token !== undefined && !BASE64_DATA.test(String(token))) return [`history continue "${String(token)}" is not type_base64_data`];
    return ok ? [] : ['history page is not {items, metadata} in a JSON type'];
  }
  return [`${operation} answered ${status}, which neither the document nor docs/decisions.md describes`];
}
