// The writes an admin does by hand inside a package (SPEC §4.1, §4.4, §4.5): add a VersionSet, a
// component, a release. Each shows the API's problem details beside the field they name.
import { useState } from 'preact/hooks';
import { call } from '../api';
import { CHANGE_KINDS, componentBody, releaseBody } from '../bodies';
import { packagePath } from '../format';
import { Field, ProblemBox, useSubmit } from '../ui/form';

type Done = { onDone: () => void };

export function AddVersionSet({ id, onDone }: { id: string } & Done) {
  const [range, setRange] = useState('');
  const form = useSubmit(() => call('POST', `${packagePath(id)}/versionsets`, { body: { version_constraint: range } }), () => {
    setRange('');
    onDone();
  });
  return (
    <form class="inline-form" onSubmit={form.submit} aria-labelledby="add-vs-title">
      <h3 id="add-vs-title">Add a VersionSet</h3>
      <ProblemBox problem={form.problem} fallback={form.failure} />
      <Field form="vs" name="version_constraint" label="Version range" problem={form.problem} hint="A node-semver range, e.g. >=1.0 <2">
        {(attrs) => <input {...attrs} value={range} required onInput={(e) => setRange(e.currentTarget.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>Add VersionSet</button>
    </form>
  );
}

export function AddComponent({ pkg, number, onDone }: { pkg: string; number: number } & Done) {
  const empty = { name: '', title: '', description: '', primary: false };
  const [v, setV] = useState(empty);
  const form = useSubmit(() => call('POST', `${packagePath(pkg)}/versionsets/${number}/components`, { body: componentBody(v) }), () => {
    setV(empty);
    onDone();
  });
  const f = `comp${number}`;
  return (
    <details class="inline-form">
      <summary>Add a component to VersionSet {number}</summary>
      <form onSubmit={form.submit} aria-label={`Add a component to VersionSet ${number}`}>
        <ProblemBox problem={form.problem} fallback={form.failure} />
        <Field form={f} name="name" label="Component name" problem={form.problem}>
          {(a) => <input {...a} value={v.name} required onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />}
        </Field>
        <Field form={f} name="title" label="Component title" problem={form.problem}>
          {(a) => <input {...a} value={v.title} required onInput={(e) => setV({ ...v, title: e.currentTarget.value })} />}
        </Field>
        <Field form={f} name="description" label="Component description" problem={form.problem}>
          {(a) => <textarea {...a} value={v.description} rows={2} onInput={(e) => setV({ ...v, description: e.currentTarget.value })} />}
        </Field>
        <Field form={f} name="primary" label="Primary component" problem={form.problem}>
          {(a) => <input {...a} type="checkbox" checked={v.primary} onChange={(e) => setV({ ...v, primary: e.currentTarget.checked })} />}
        </Field>
        <button type="submit" disabled={form.busy}>Add component</button>
      </form>
    </details>
  );
}

export function AddRelease({ id, onDone }: { id: string } & Done) {
  const empty = { version: '', released_on: '', changes: '' };
  const [v, setV] = useState(empty);
  const form = useSubmit(() => call('POST', `${packagePath(id)}/releases`, { body: releaseBody(v) }), () => {
    setV(empty);
    onDone();
  });
  return (
    <form class="inline-form" onSubmit={form.submit} aria-labelledby="add-release-title">
      <h3 id="add-release-title">Add a release</h3>
      <ProblemBox problem={form.problem} fallback={form.failure} />
      <Field form="rel" name="version" label="Release version" problem={form.problem} hint="SemVer, e.g. 1.4.0 or v1.4.0">
        {(a) => <input {...a} value={v.version} required onInput={(e) => setV({ ...v, version: e.currentTarget.value })} />}
      </Field>
      <Field form="rel" name="released_on" label="Released on" problem={form.problem}>
        {(a) => <input {...a} type="date" value={v.released_on} onInput={(e) => setV({ ...v, released_on: e.currentTarget.value })} />}
      </Field>
      <Field form="rel" name="changes" label="Changes" problem={form.problem} hint={`One per line, "kind: text"; kinds: ${CHANGE_KINDS.join(', ')}`}>
        {(a) => <textarea {...a} value={v.changes} rows={3} onInput={(e) => setV({ ...v, changes: e.currentTarget.value })} />}
      </Field>
      <button type="submit" disabled={form.busy}>Add release</button>
    </form>
  );
}
