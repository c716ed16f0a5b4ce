// Hash routes (`#/packages/pkg_…?as_of=…`): the gateway serves one index.html, and a route is
// never sent to a server, so the token-bearing fragment and the route share one mechanism.
import { useEffect, useState } from 'preact/hooks';

export type Route = { path: string[]; params: URLSearchParams };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export const href = (path: string, params?: Record<string, string | undefined>): string => {
  const search = new URLSearchParams(Object.entries(params ?? {}).filter((e): e is [string, string] => !!e[1])).toString();
  return `#${path}${search ? `?${search}` : ''}`;
};

export const navigate = (to: string, replace = false): void => {
  if (replace) {
    history.replaceState(null, '', to);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else location.hash = to.slice(1);
};

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = (): void => setHash(location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return parseRoute(hash);
}
