// Live refresh (SPEC §11): an open page polls its aggregate with If-None-Match, so an unchanged
// aggregate costs a 304, and reloads what it shows when the ETag (the aggregate's version) moves.
// Lists have no ETag and are polled whole. Polling stops while the tab is hidden.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

export const POLL_MS = 2000;

export type Loaded<T> = { data?: T; error?: ApiError; loading: boolean; reload: () => void };

/**
 * `load(ifNoneMatch)` returns the new data with its version, or undefined when unchanged (304).
 * `live` false (a point-in-time view, which never changes) loads once.
 */
export function useLive<T>(load: (etag?: string) => Promise<{ data: T; etag?: string } | undefined>, deps: unknown[], live = true): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const etag = useRef<string | undefined>(undefined);
  const generation = useRef(0);
  const run = useCallback(
    async (conditional: boolean) => {
      const mine = generation.current;
      try {
        const result = await load(conditional ? etag.current : undefined);
        if (mine !== generation.current || !result) return;
        etag.current = result.etag;
        setState({ data: result.data, loading: false });
      } catch (error) {
        if (mine !== generation.current) return;
        if (!(error instanceof ApiError)) return setState((s) => ({ ...s, loading: false }));
        setState((s) => ({ data: conditional ? s.data : undefined, error, loading: false }));
      }
    },
    deps,
  );
  useEffect(() => {
    generation.current += 1;
    etag.current = undefined;
    setState({ loading: true });
    void run(false);
    if (!live) return undefined;
    const timer = setInterval(() => document.visibilityState === 'visible' && void run(true), POLL_MS);
    return () => clearInterval(timer);
  }, [run, live]);
  return { ...state, reload: () => void run(false) };
}
