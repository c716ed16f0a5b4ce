// The request target the gateway decides on is the one it forwards. A service's router decodes
// percent-escapes and stops at `#` before it matches a route, so a check on the raw target would let
// `/%6detrics` or `/metrics#x` through to a path the gateway hides. The gateway therefore rebuilds the
// target in one canonical form, routes on that, and sends exactly that upstream.

export type RequestTarget = {
  /** Canonical path: no fragment, no empty or dot segments, unreserved escapes decoded. */
  path: string;
  /** `?` and the query as the client sent it, or ''. */
  search: string;
  /** `path` fully percent-decoded: what any router behind the gateway could take it to mean. */
  decoded: string;
};

const UNRESERVED = /^[A-Za-z0-9._~-]$/;
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
// Characters no route uses and a service or an intermediary may read differently (`\` as `/` on
// some stacks, control characters as separators).
const FORBIDDEN_DECODED = /[\u0000-\u001f\u007f\\]/;

/** Decodes the escapes of unreserved characters (RFC 3986 §6.2.2.2); every other escape stays as it is. */
const decodeUnreserved = (segment: string): string =>
  segment.replace(ESCAPE, (escape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });

function fullyDecoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** Origin-form (`/x?y`) or absolute-form (`http://host/x?y`) targets; anything else has no path. */
function pathAndQuery(raw: string): string | undefined {
  if (raw.startsWith('/')) return raw;
  if (!/^https?:\/\//i.test(raw)) return undefined;
  try {
    const url = new URL(raw);
    return `${url.pathname}${url.search}`;
  } catch {
    return undefined;
  }
}

/**
 * The canonical form of a request target, or undefined when it cannot be one (not a path, a broken
 * escape, a control character or backslash once decoded): the gateway answers those 400.
 */
export function canonicalTarget(raw: string): RequestTarget | undefined {
  const target = pathAndQuery(raw);
  if (target === undefined) return undefined;
  const withoutFragment = target.split('#')[0] ?? '';
  const queryAt = withoutFragment.indexOf('?');
  const rawPath = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const search = queryAt === -1 ? '' : withoutFragment.slice(queryAt);
  const segments: string[] = [];
  for (const segment of rawPath.split('/').slice(1).map(decodeUnreserved)) {
    const meaning = fullyDecoded(segment);
    if (meaning === undefined || FORBIDDEN_DECODED.test(meaning)) return undefined;
    if (meaning === '..') segments.pop();
    else if (meaning !== '.' && segment !== '') segments.push(segment);
  }
  // A trailing slash is meaningful to the services' routes (`/packages/{id}/`): keep it.
  const trailing = rawPath.length > 1 && /\/(\.{1,2})?$/.test(rawPath) && segments.length > 0 ? '/' : '';
  const path = `/${segments.join('/')}${trailing}`;
  const decoded = fullyDecoded(path);
  if (decoded === undefined) return undefined;
  return { path, search, decoded: resolveSegments(decoded) };
}

/** `%2F` decodes to a slash: resolves the empty and dot segments that makes, as a decoding router might. */
function resolveSegments(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return `/${segments.join('/')}${path.endsWith('/') && segments.length > 0 ? '/' : ''}`;
}
