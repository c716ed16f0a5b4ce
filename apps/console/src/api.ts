// Every call the console makes: the public APIs through the gateway, with the user's token. A 401
// signs out; a write's X-Consistency-Token is sent with the reads after it, so a page shows the
// write it just made (read-your-writes, SPEC §6). A create carries an Idempotency-Key that a retry
// after no answer or a 5xx reuses (write-keys.ts).
import { explain, toProblem, type Problem } from './problems';
import { claims, clearToken, getToken, type Role } from './session';
import { settleWrite, writeKey } from './write-keys';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(explain(problem));
  }
}

export type Answer<T> = { status: number; data: T; etag?: string };
type Options = { body?: unknown; ifMatch?: string; ifNoneMatch?: string };

let consistencyToken: string | undefined;
let onSignedOut: (message: string) => void = () => undefined;
export const whenSignedOut = (handler: (message: string) => void): void => {
  onSignedOut = handler;
};

/** The role a route needs (SPEC §3), to say what is missing on a 403. */
export function roleNeeded(method: string, path: string): Role {
  const write = method !== 'GET' && method !== 'HEAD';
  if (path.startsWith('/accounts/')) return write ? 'member' : 'viewer';
  return write ? 'admin' : 'viewer';
}

function headersFor(method: string, path: string, options: Options): Headers {
  const headers = new Headers({ accept: 'application/json, application/problem+json' });
  const token = getToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  if (options.ifMatch) headers.set('if-match', options.ifMatch);
  if (options.ifNoneMatch) headers.set('if-none-match', options.ifNoneMatch);
  if ((method === 'GET' || method === 'HEAD') && consistencyToken) headers.set('x-consistency-token', consistencyToken);
  if (method === 'POST') headers.set('idempotency-key', writeKey(method, path, options.body));
  return headers;
}

export async function call<T>(method: string, path: string, options: Options = {}): Promise<Answer<T>> {
  const res = await fetch(path, {
    method,
    headers: headersFor(method, path, options),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: 'no-store',
  }).catch((err: unknown) => {
    if (method === 'POST') settleWrite(method, path, options.body, undefined);
    throw err;
  });
  if (method === 'POST') settleWrite(method, path, options.body, res.status);
  const token = res.headers.get('x-consistency-token');
  if (token && method !== 'GET') consistencyToken = token;
  const etag = res.headers.get('etag') ?? undefined;
  if (res.status === 304 || res.status === 204) return { status: res.status, data: undefined as T, etag };
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return { status: res.status, data: body as T, etag };
  const problem = toProblem(res.status, res.statusText, body);
  if (res.status === 401) {
    clearToken();
    onSignedOut(`The API refused the token (401${problem.detail ? `: ${problem.detail}` : ''}). Sign in again.`);
  }
  if (res.status === 403) {
    const role = claims().role ?? 'none';
    problem.detail = `This needs the role ${roleNeeded(method, path)} or higher; your token's role is ${role}. ${problem.detail}`.trim();
  }
  throw new ApiError(problem);
}

export const get = <T>(path: string, options?: Options): Promise<Answer<T>> => call<T>('GET', path, options);

/** A query string from the defined values; arrays repeat the key. */
export function query(params: Record<string, string | number | boolean | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const enc = encodeURIComponent;
