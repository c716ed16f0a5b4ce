import { createHash } from 'node:crypto';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';

/** A keyset position: the sort values of the last item a page returned. */
export type Position = (string | number)[];

type TokenBody = { k: string; s: string; p: Position };

/**
 * How a token is written: the catalog's `continuation_token` is base64url; the accounts family's
 * `continue` is padded standard base64, the vendor document's `type_base64_data`.
 */
export type TokenEncoding = 'base64url' | 'base64';

/**
 * Continuation tokens are opaque to clients: JSON naming the route (`kind`), a digest of what the
 * page depends on (`scope`: the resource, filters, order) and the keyset position. A token
 * replayed against another route or other filters is refused rather than silently mis-paging.
 */
export function encodePageToken(kind: string, scope: string, position: Position, encoding: TokenEncoding = 'base64url'): string {
  const body: TokenBody = { k: kind, s: scopeDigest(scope), p: position };
  return Buffer.from(JSON.stringify(body), 'utf8').toString(encoding);
}

/** The position a token holds; BadRequestError at `location` when it is not one this route issued for this scope. */
export function decodePageToken(raw: string, kind: string, scope: string, location: string): Position {
  const body = parseBody(raw);
  if (body === undefined || body.k !== kind || body.s !== scopeDigest(scope)) {
    throw new BadRequestError(location, 'is not a token issued for this request (it must come unchanged from the previous page)', raw);
  }
  return body.p;
}

/**
 * Reads either encoding, padded or not: tokens issued before accounts moved to padded base64 keep
 * paging. A `+` sent without percent-encoding reaches the query parser as a space, which no token
 * contains, so a space is read back as `+`.
 */
const TOKEN_TEXT = /^[A-Za-z0-9+/_-]{1,2048}={0,2}$/;

function parseBody(raw: string): TokenBody | undefined {
  const text = raw.replaceAll(' ', '+');
  if (!TOKEN_TEXT.test(text)) return undefined;
  try {
    // Node's base64 decoder takes the URL-safe alphabet too.
    const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Partial<TokenBody> | null;
    const position = value?.p;
    if (typeof value?.k !== 'string' || typeof value.s !== 'string' || !Array.isArray(position)) return undefined;
    if (!position.every((item) => typeof item === 'string' || (typeof item === 'number' && Number.isSafeInteger(item)))) return undefined;
    return { k: value.k, s: value.s, p: position };
  } catch {
    return undefined;
  }
}

const scopeDigest = (scope: string): string => createHash('sha256').update(scope).digest('base64url').slice(0, 16);

/** A page's start for keysets of one number (a sequence or VersionSet number): 0 without a token. */
export function afterNumber(raw: string | undefined, kind: string, scope: string, location: string): number {
  if (raw === undefined) return 0;
  const [after, ...rest] = decodePageToken(raw, kind, scope, location);
  if (typeof after !== 'number' || rest.length > 0) throw new BadRequestError(location, 'is not a token issued for this request', raw);
  return after;
}
