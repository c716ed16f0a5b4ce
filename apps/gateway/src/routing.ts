// One base URL for both services, so existing Chkk/Astra clients work unchanged:
// reads go to the query service, writes to the command service.
import { canonicalTarget } from './request-target.js';

export type Upstream = 'command' | 'query' | 'gateway' | 'hidden' | 'invalid';

const READ_METHODS = new Set(['GET', 'HEAD']);

/** Hidden whatever a router behind the gateway makes of the path: decoded, resolved, in any case. */
const isHidden = (decoded: string): boolean => {
  const lower = decoded.toLowerCase().split(';')[0] ?? '';
  return lower === '/metrics' || lower.startsWith('/metrics/');
};

/** Where a request goes; `url` is the raw request target, decided on in its canonical form. */
export function route(method: string, url: string): Upstream {
  const target = canonicalTarget(url);
  if (!target) return 'invalid';
  if (isHidden(target.decoded)) return 'hidden';
  const pathname = target.path;
  if (pathname === '/openapi.json' || pathname === '/docs' || pathname.startsWith('/docs/')) return 'gateway';
  if (pathname.startsWith('/health/')) return 'gateway';
  if (pathname === '/console' || pathname.startsWith('/console/')) return 'gateway';
  if (pathname.startsWith('/schemas/')) return 'query';
  return READ_METHODS.has(method.toUpperCase()) ? 'query' : 'command';
}
