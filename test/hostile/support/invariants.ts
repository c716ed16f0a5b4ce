// The checks every response passes, whatever was sent: no 5xx, an error body in its family's
// schema and media type, no stack trace or file path, and (SPEC §3) 401 carries WWW-Authenticate.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats, { type FormatsPlugin } from 'ajv-formats';
import { problemViolations } from '../../support/astra-vendor-document.js';
import type { HostileRequest, Reply } from './client.js';

// ajv-formats is CommonJS: its default export arrives as the module object under nodenext.
const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as unknown as FormatsPlugin;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addFormat('int64', true);
const load = (url: URL): object => JSON.parse(readFileSync(url, 'utf8')) as object;
const validateErrorModel = ajv.compile(load(new URL('../../../schemas/http/ErrorModel.json', import.meta.url)));
const validateAstraProblem = ajv.compile(load(new URL('../schemas/AstraProblem.json', import.meta.url)));

export type Family = 'catalog' | 'accounts';
export type Violation = { kind: 'status-5xx' | 'schema' | 'media-type' | 'stack-trace' | 'www-authenticate' | 'expectation' | 'leak' | 'transport'; message: string };

/** The family answering a path, as the services decide it. */
export const familyOf = (path: string): Family => (/^\/accounts(?:[/?]|$)/.test(path) ? 'accounts' : 'catalog');

// `at fn (/x/y.js:1:2)`, `at /x/y.js:1:2`, absolute paths of this machine, source file positions.
const STACK = /\n\s*at \S|\bat (?:async )?[\w$.<>]+ \(|(?:\/work\/|\/home\/|\/usr\/|node_modules|file:\/\/)|\.(?:ts|js|mjs):\d+:\d+/;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Every invariant one reply breaks (empty when it holds them all). */
export function checkReply(req: HostileRequest, reply: Reply): Violation[] {
  const violations: Violation[] = [];
  if (reply.status >= 500 || reply.status < 100) violations.push({ kind: 'status-5xx', message: `status ${reply.status}` });
  if (STACK.test(reply.text)) violations.push({ kind: 'stack-trace', message: 'body carries a stack frame or file path' });
  if (reply.status >= 400) violations.push(...checkErrorBody(req, reply));
  if (reply.status === 401 && !/^Bearer\b/.test(String(reply.headers['www-authenticate'] ?? ''))) {
    violations.push({ kind: 'www-authenticate', message: '401 without WWW-Authenticate: Bearer' });
  }
  return violations;
}

/**
 * The family whose format the answer must have. 431 exists only in the catalog's list, and Node can
 * refuse oversized headers after the request line went by in an earlier packet, when the path is no
 * longer known: a 431 is in the catalog format on any path (docs/decisions.md). An accounts path
 * whose request line was still at hand gets 400 problem 5 instead.
 */
const answeringFamily = (req: HostileRequest, reply: Reply): Family => (reply.status === 431 ? 'catalog' : familyOf(req.path));

function checkErrorBody(req: HostileRequest, reply: Reply): Violation[] {
  const violations: Violation[] = [];
  const type = String(reply.headers['content-type'] ?? '');
  if (!/^application\/problem\+json(;|$)/.test(type)) violations.push({ kind: 'media-type', message: `error content type "${type}"` });
  if (req.method === 'HEAD') return violations;
  const body = parseJson(reply.text);
  const family = answeringFamily(req, reply);
  const validate = family === 'catalog' ? validateErrorModel : validateAstraProblem;
  if (!validate(body)) {
    violations.push({ kind: 'schema', message: `${family} error body fails its schema: ${ajv.errorsText(validate.errors)}` });
    return violations;
  }
  const status = (body as { status: number | string }).status;
  if (String(status) !== String(reply.status)) violations.push({ kind: 'schema', message: `body status ${status} ≠ HTTP ${reply.status}` });
  if (family === 'accounts') {
    for (const message of problemViolations(reply.status, body)) violations.push({ kind: 'schema', message: `not the vendor document's problem: ${message}` });
  }
  const { title, detail } = body as { title?: unknown; detail?: unknown };
  if (family === 'catalog' && (typeof title !== 'string' || typeof detail !== 'string')) {
    violations.push({ kind: 'schema', message: 'catalog error without title and detail' });
  }
  return violations;
}
