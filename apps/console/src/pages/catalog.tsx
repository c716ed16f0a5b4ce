// Catalog search (SPEC §11, §4.6): `q=` full-text search with system filters; results are links
// named by the package title. The query lives in the route, so a search can be bookmarked.
import { useEffect, useRef, useState } from 'preact/hooks';
import { enc, get, query } from '../api';
import { useLive } from '../live';
import { href, navigate } from '../router';
import { hasRole } from '../session';
import type { CatalogPackage, Page } from '../types';
import { Loading, ProblemBox } from '../ui/form';

export const SYSTEMS = ['helm', 'kustomize', 'kube'] as const;
const DEBOUNCE_MS = 250;

export function Catalog({ params }: { params: URLSearchParams }) {
  const q = params.get('q') ?? '';
  const systems = params.getAll('system');
  const [text, setText] = useState(q);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setText(q), [q]);
  // A search still waiting must not pull the user back here once they followed a link.
  useEffect(() => () => clearTimeout(timer.current), []);
  const go = (nextQ: string, nextSystems: string[]): void => {
    const search = new URLSearchParams();
    if (nextQ.trim()) search.set('q', nextQ.trim());
    for (const s of nextSystems) search.append('system', s);
    const s = search.toString();
    navigate(`#/${s ? `?${s}` : ''}`, true);
  };
  const onInput = (value: string): void => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => go(value, systems), DEBOUNCE_MS);
  };
  const toggle = (system: string, on: boolean): void => go(text, on ? [...systems, system] : systems.filter((s) => s !== system));
  const filter = systems.map((s) => `system:${s}`);
  const results = useLive(async () => {
    const answer = await get<Page<CatalogPackage>>(`/packages${query({ q: q || undefined, filter, page_size: 50 })}`);
    return { data: answer.data };
  }, [q, filter.join(',')]);
  return (
    <section aria-labelledby="catalog-title">
      <div class="title-row">
        <h1 id="catalog-title">Catalog</h1>
        {hasRole('admin') && (
          <a class="button" href={href('/packages/new')}>
            New package
          </a>
        )}
      </div>
      <form role="search" class="search" onSubmit={(e) => { e.preventDefault(); go(text, systems); }}>
        <label for="q">Search packages</label>
        <input id="q" type="search" value={text} maxLength={200} placeholder="title, description or alias" autocomplete="off"
          onInput={(e) => onInput(e.currentTarget.value)} />
        <fieldset class="inline">
          <legend>System</legend>
          {SYSTEMS.map((s) => (
            <label key={s} class="check">
              <input type="checkbox" checked={systems.includes(s)} onChange={(e) => toggle(s, e.currentTarget.checked)} /> {s}
            </label>
          ))}
        </fieldset>
      </form>
      <ProblemBox problem={results.error?.problem} />
      {results.loading && !results.data ? <Loading what="packages" /> : <Results packages={results.data?.data ?? []} searched={!!q} />}
    </section>
  );
}

function Results({ packages, searched }: { packages: CatalogPackage[]; searched: boolean }) {
  if (packages.length === 0) return <p role="status">{searched ? 'No package matches.' : 'The catalog is empty.'}</p>;
  return (
    <>
      <p class="muted" role="status">
        {packages.length} package{packages.length === 1 ? '' : 's'}
      </p>
      <ul class="cards" aria-label="Packages">
        {packages.map((p) => (
          <li key={p.id}>
            <a href={href(`/packages/${enc(p.id)}`)}>{p.title}</a>
            <span class="badge">{p.system}</span>
            {p.aliases && p.aliases.length > 0 && <span class="muted"> {p.aliases.join(', ')}</span>}
            {p.description && <p>{p.description.length > 200 ? `${p.description.slice(0, 200)}…` : p.description}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
