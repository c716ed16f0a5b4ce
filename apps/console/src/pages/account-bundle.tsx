// What an account package bundles (SPEC §5.1): images, artifacts, files, dependencies, labels.
import type { AccountPackage } from '../types';

const size = (base64: string): string => {
  const bytes = Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
};

export function Bundle({ pkg }: { pkg: AccountPackage }) {
  return (
    <section aria-labelledby="bundle-title" class="panel">
      <h2 id="bundle-title">Bundle{pkg.bundleName ? ` ${pkg.bundleName}` : ''}</h2>
      <h3>Images</h3>
      {pkg.images?.length ? (
        <ul>
          {pkg.images.map((i) => (
            <li key={i.imageDigest + i.imagePath}>
              <code>{i.imagePath}/{i.imageName}:{i.imageTag}</code> <small class="muted">{i.imageDigest.slice(0, 19)}…</small>
            </li>
          ))}
        </ul>
      ) : <p class="muted">None.</p>}
      <h3>Files</h3>
      {pkg.files?.length ? (
        <ul>
          {pkg.files.map((f) => (
            <li key={f.fileIdentifier}>
              <strong>{f.fileName}</strong> <span class="muted">{f.fileMediaType}, {size(f.fileContents)}</span>
            </li>
          ))}
        </ul>
      ) : <p class="muted">None.</p>}
      <h3>Artifacts</h3>
      {pkg.artifacts?.length ? (
        <ul>
          {pkg.artifacts.map((a) => (
            <li key={a.artifactIdentifier}>
              <strong>{a.artifactName}</strong> {a.artifactVersion} <code>{a.artifactPath}</code>
            </li>
          ))}
        </ul>
      ) : <p class="muted">None.</p>}
      <h3>Dependencies</h3>
      {pkg.dependencies?.length ? (
        <ul>
          {pkg.dependencies.map((d) => (
            <li key={d.componentName}>
              {d.componentName} {[d.componentMinVersion && `≥ ${d.componentMinVersion}`, d.componentMaxVersion && `≤ ${d.componentMaxVersion}`].filter(Boolean).join(', ')}
            </li>
          ))}
        </ul>
      ) : <p class="muted">None.</p>}
      <h3>Labels</h3>
      {pkg.metadata.labels?.length ? (
        <ul>{pkg.metadata.labels.map((l) => <li key={l.name}><code>{l.name}={l.value}</code></li>)}</ul>
      ) : <p class="muted">None.</p>}
      <p class="muted">Created {pkg.metadata.creationTimestamp} by {pkg.metadata.createdBy}</p>
    </section>
  );
}
