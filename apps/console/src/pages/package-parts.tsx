// A package's VersionSets (range, components, the releases each describes) and its releases,
// newest (highest version) first. Reloaded whenever the package's version moves.
import { get, query } from '../api';
import { packagePath } from '../format';
import { useLive } from '../live';
import { hasRole } from '../session';
import type { Component, Page, Release, VersionSet } from '../types';
import { Loading, ProblemBox } from '../ui/form';
import { AddComponent } from './package-forms';

type PartProps = { id: string; asOf?: string; version: string };

export function VersionSets({ id, asOf, version }: PartProps) {
  const sets = useLive(async () => ({ data: (await get<Page<VersionSet>>(`${packagePath(id)}/versionsets${query({ as_of: asOf, page_size: 100 })}`)).data.data }), [id, asOf, version], false);
  return (
    <section aria-labelledby="versionsets-title" class="panel">
      <h2 id="versionsets-title">VersionSets</h2>
      <ProblemBox problem={sets.error?.problem} />
      {sets.loading && <Loading what="VersionSets" />}
      {sets.data?.length === 0 && <p>No VersionSet yet.</p>}
      {sets.data?.map((set) => <VersionSetItem key={set.number} pkg={id} set={set} asOf={asOf} version={version} />)}
    </section>
  );
}

function VersionSetItem({ pkg, set, asOf, version }: { pkg: string; set: VersionSet; asOf?: string; version: string }) {
  const base = `${packagePath(pkg)}/versionsets/${set.number}`;
  const parts = useLive(
    async () => {
      const [components, releases] = await Promise.all([
        get<Page<Component>>(`${base}/components${query({ as_of: asOf, page_size: 100 })}`),
        get<Page<Release>>(`${base}/releases${query({ as_of: asOf, page_size: 100, prerelease: true })}`),
      ]);
      return { data: { components: components.data.data, releases: releases.data.data } };
    },
    [base, asOf, version],
    false,
  );
  return (
    <div class="versionset">
      <h3>
        <code>{set.package}:{set.number}</code> <span class="range">{set.version_constraint}</span>
      </h3>
      <ProblemBox problem={parts.error?.problem} />
      <h4>Components</h4>
      {parts.data?.components.length ? (
        <ul>
          {parts.data.components.map((c) => (
            <li key={c.name}>
              <strong>{c.title}</strong> <code>{c.name}</code> {c.primary && <span class="badge">primary</span>}
              {c.description && <span class="muted"> — {c.description}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}
      <h4>Releases it describes</h4>
      {parts.data?.releases.length ? <p>{parts.data.releases.map((r) => r.version).join(', ')}</p> : <p class="muted">None.</p>}
      {!asOf && hasRole('admin') && <AddComponent pkg={pkg} number={set.number} onDone={parts.reload} />}
    </div>
  );
}

export function Releases({ id, asOf, version }: PartProps) {
  const releases = useLive(async () => ({ data: (await get<Page<Release>>(`${packagePath(id)}/releases${query({ as_of: asOf, page_size: 100, prerelease: true })}`)).data.data }), [id, asOf, version], false);
  return (
    <section aria-labelledby="releases-title" class="panel">
      <h2 id="releases-title">Releases</h2>
      <ProblemBox problem={releases.error?.problem} />
      {releases.data?.length === 0 && <p>No release yet.</p>}
      <ol class="releases">
        {releases.data?.map((r) => (
          <li key={r.id}>
            <strong>{r.version}</strong> {r.released_on && <time dateTime={r.released_on}>{r.released_on.slice(0, 10)}</time>}{' '}
            <span class="muted">{r.versionset_number === null ? 'in no VersionSet' : `VersionSet ${r.versionset_number}`}</span>
            {r.changes && r.changes.length > 0 && (
              <ul>
                {r.changes.map((c, i) => (
                  <li key={i}>
                    <span class="badge">{c.kind}</span> {c.description}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
