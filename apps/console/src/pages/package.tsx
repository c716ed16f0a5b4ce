// A catalog package (SPEC §11): aliases, versioning, VersionSets with their components and releases,
// releases newest first, and the history timeline. With `as_of` it is the package as it was then
// (every read carries the same `as_of`), and nothing polls: the past does not change.
import { get, query } from '../api';
import { formatTime, packagePath } from '../format';
import { useLive } from '../live';
import { href } from '../router';
import { hasRole } from '../session';
import type { CatalogPackage } from '../types';
import { Loading, ProblemBox } from '../ui/form';
import { History } from './history';
import { Releases, VersionSets } from './package-parts';
import { AddRelease, AddVersionSet } from './package-forms';

export function PackagePage({ id, asOf }: { id: string; asOf?: string }) {
  const pkg = useLive(
    async (etag) => {
      const answer = await get<CatalogPackage>(`${packagePath(id)}/${query({ as_of: asOf })}`, { ifNoneMatch: etag });
      return answer.status === 304 ? undefined : { data: { pkg: answer.data, version: answer.etag ?? '' }, etag: answer.etag };
    },
    [id, asOf],
    !asOf,
  );
  const data = pkg.data;
  return (
    <article aria-labelledby="package-title">
      {asOf && (
        <p class="as-of" role="status">
          Showing this package as it was at <time dateTime={asOf}>{formatTime(asOf)}</time>.{' '}
          <a href={href(packagePath(id))}>Back to the current package</a>
        </p>
      )}
      {pkg.error && <ProblemBox problem={pkg.error.problem} />}
      {!data && !pkg.error && <Loading what="the package" />}
      {data && <Summary pkg={data.pkg} />}
      {data && (
        <div class="columns">
          <div>
            <VersionSets id={id} asOf={asOf} version={data.version} />
            <Releases id={id} asOf={asOf} version={data.version} />
            {!asOf && hasRole('admin') && (
              <section aria-labelledby="add-title" class="panel">
                <h2 id="add-title">Add to this package</h2>
                <AddVersionSet id={id} onDone={pkg.reload} />
                <AddRelease id={id} onDone={pkg.reload} />
              </section>
            )}
          </div>
          <History id={id} asOf={asOf} version={data.version} />
        </div>
      )}
      {!data && pkg.error && asOf && <History id={id} asOf={asOf} version="" />}
    </article>
  );
}

function Summary({ pkg }: { pkg: CatalogPackage }) {
  const v = pkg.versioning ?? {};
  return (
    <header class="summary">
      <h1 id="package-title">{pkg.title}</h1>
      <p>
        <span class="badge">{pkg.system}</span> <code>{pkg.id}</code>
      </p>
      {pkg.description && <p>{pkg.description}</p>}
      <dl class="facts">
        <dt>Aliases</dt>
        <dd>{pkg.aliases?.length ? pkg.aliases.map((a) => <code key={a}>{a}</code>) : 'none'}</dd>
        <dt>Versioning scheme</dt>
        <dd>{v.scheme ?? 'unknown'}</dd>
        <dt>Release cycle</dt>
        <dd>{v.release_cycle ?? 'none'}</dd>
        <dt>Support model</dt>
        <dd>{v.support_model ?? 'none'}</dd>
        {v.release_interval_days !== undefined && (
          <>
            <dt>Release interval</dt>
            <dd>{v.release_interval_days} days</dd>
          </>
        )}
      </dl>
    </header>
  );
}
