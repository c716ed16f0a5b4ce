// One base URL for both services, so existing Chkk/Astra clients work unchanged:
// reads go to the query service, writes to the command service.

export type Upstream = 'command' | 'query' | 'gateway' | 'hidden';

const READ_METHODS = new Set(['GET', 'HEAD']);

export function route(method: string, path: string): Upstream {
  const pathname = path.split('?')[0] ?? '';
  if (pathname === '/metrics' || pathname.startsWith('/metrics/')) return 'hidden';
  if (pathname === '/openapi.json' || pathname === '/docs' || pathname.startsWith('/docs/')) return 'gateway';
  if (pathname.startsWith('/health/')) return 'gateway';
  if (pathname.startsWith('/schemas/')) return 'query';
  return READ_METHODS.has(method.toUpperCase()) ? 'query' : 'command';
}
