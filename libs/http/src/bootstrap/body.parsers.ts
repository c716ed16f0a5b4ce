import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MalformedJsonError, NonObjectBodyError, UnsupportedMediaTypeError } from '../errors/http.errors.js';
import { SchemaValidationError } from '../errors/schema-validation.error.js';
import { unstorableTextAt } from './body-text.js';

/**
 * No valid body of either family nests deeper than 6 levels; validators and canonical-JSON code walk
 * bodies recursively, and a 100 000-level body would overflow their stack (a 500).
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Body errors found while parsing wait here until the auth guard has run, so that the check order
 * is token (401) → account (404) → role (403) → body. Only an over-limit body (413) is refused
 * at once: reading it would cost what the limit exists to prevent.
 */
const deferred = new WeakMap<object, Error>();

/** Throws the body error recorded for this request, if any (called by the auth guard, last). */
export function throwDeferredBodyError(request: object): void {
  const error = deferred.get(request);
  if (error) {
    deferred.delete(request);
    throw error;
  }
}

/** `application/*+json` (including `application/astra-package+json`), parameters allowed. */
const STRUCTURED_JSON = /^application\/[\w.!#$&^-]+\+json(?:\s*;|$)/i;

/** Replaces Fastify's parsers: JSON objects from the JSON media types, 415 for any other body. */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const jsonParser = parseJsonObject(fastify);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, jsonParser);
  fastify.addContentTypeParser(STRUCTURED_JSON, { parseAs: 'string' }, jsonParser);
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, _body, done) => {
    deferred.set(request, new UnsupportedMediaTypeError(request.headers['content-type']));
    done(null, undefined);
  });
}

type Done = (error: Error | null, body?: unknown) => void;

function parseJsonObject(fastify: FastifyInstance) {
  // Fastify's own JSON parser rejects __proto__ / constructor.prototype keys.
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: string | Buffer, done: Done): void => {
    // An empty body is no body (some clients send a Content-Type on DELETE); the route decides.
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    parse(request, text, (error: Error | null, value?: unknown) => {
      if (error) deferred.set(request, new MalformedJsonError(`The request body is not valid JSON: ${syntaxError(text) ?? error.message}`));
      else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        deferred.set(request, new NonObjectBodyError(describe(value)));
      } else if (nestsDeeperThan(value, MAX_BODY_DEPTH)) {
        deferred.set(request, new SchemaValidationError([{ path: '', message: `must not nest deeper than ${MAX_BODY_DEPTH} levels` }]));
      } else {
        const at = unstorableTextAt(value);
        if (at !== undefined) deferred.set(request, new SchemaValidationError([{ path: at, message: 'must not contain U+0000 or unpaired surrogates' }]));
      }
      done(null, deferred.has(request) ? undefined : value);
    });
  };
}

/** Iterative, so the check itself cannot overflow the stack it protects. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Where `JSON.parse` stops, without echoing the body (its messages can quote it): Fastify's own
 * message names application/json whatever the body's type. Undefined when the text parses
 * (Fastify refused it for another reason).
 */
function syntaxError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    if (/end of JSON input/i.test(message)) return 'it ends before the value is complete';
    const at = /position (\d+)/.exec(message)?.[1];
    return at === undefined ? 'it does not parse' : `unexpected text at position ${at}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
