import { headerValue, type Headers } from './header-names.js';

/** The parts of a request URL building needs; a FastifyRequest satisfies it. */
export type RequestLike = { headers: Headers; protocol?: string };

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * An absolute URL for `path` as the client sees this service: `X-Forwarded-Proto`/`X-Forwarded-Host`
 * (set by the gateway) win over `Host`. Values that are not a plain scheme/host are ignored.
 */
export function absoluteUrl(request: RequestLike, path: string): string {
  const forwardedProto = firstItem(headerValue(request.headers, 'x-forwarded-proto'))?.toLowerCase();
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (request.protocol ?? 'http');
  const forwardedHost = firstItem(headerValue(request.headers, 'x-forwarded-host'));
  const host = [forwardedHost, headerValue(request.headers, 'host')].find((h) => h !== undefined && HOST.test(h));
  return `${proto}://${host ?? 'localhost'}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The `$schema` URL of a seed schema served by `/schemas/<Name>.json`. */
export function schemaUrl(request: RequestLike, name: string): string {
  return absoluteUrl(request, `/schemas/${name}.json`);
}

/** Proxies append to these lists; the first item is what the client asked for. */
function firstItem(value: string | undefined): string | undefined {
  const item = value?.split(',')[0]?.trim();
  return item === '' ? undefined : item;
}
