// Create a catalog package (SPEC §4.1): the create body, field by field; the API's problem details
// beside the field they name. On success, the new package's page.
import { useState } from 'preact/hooks';
import { call, enc } from '../api';
import { navigate } from '../router';
import { createBody, type PackageValues } from '../bodies';
import type { CatalogPackage } from '../types';
import { Field, ProblemBox, useSubmit } from '../ui/form';
import { SYSTEMS } from './catalog';

const SCHEMES = ['unknown', 'semantic', 'year-with-number', 'calver'];
const CYCLES = ['none', 'regular', 'adhoc'];
const SUPPORT = ['none', 'rolling'];

const Select = ({ options, value, set, attrs }: { options: readonly string[]; value: string; set: (v: string) => void; attrs: object }) => (
  <select {...attrs} value={value} onChange={(e) => set(e.currentTarget.value)}>
    {options.map((o) => (
      <option key={o} value={o}>
        {o}
      </option>
    ))}
  </select>
);

export function NewPackage() {
  const [v, setV] = useState<PackageValues>({ title: '', system: 'helm', aliases: '', description: '', scheme: 'unknown', cycle: 'none', support: 'none', interval: '' });
  const set = (key: keyof PackageValues) => (value: string) => setV({ ...v, [key]: value });
  const form = useSubmit(() => call<CatalogPackage>('POST', '/packages', { body: createBody(v) }), (answer) => navigate(`#/packages/${enc(answer.data.id)}`));
  const p = form.problem;
  return (
    <section aria-labelledby="new-title" class="narrow">
      <h1 id="new-title">New package</h1>
      <form onSubmit={form.submit} noValidate>
        <ProblemBox problem={p} fallback={form.failure} />
        <Field form="pkg" name="title" label="Title" problem={p}>
          {(a) => <input {...a} value={v.title} required onInput={(e) => set('title')(e.currentTarget.value)} />}
        </Field>
        <Field form="pkg" name="system" label="System" problem={p}>
          {(a) => <Select attrs={a} options={SYSTEMS} value={v.system} set={set('system')} />}
        </Field>
        <Field form="pkg" name="aliases" label="Aliases" problem={p} hint="Separated by spaces or commas: lower-case letters, digits, - _ .">
          {(a) => <input {...a} value={v.aliases} onInput={(e) => set('aliases')(e.currentTarget.value)} />}
        </Field>
        <Field form="pkg" name="description" label="Description" problem={p}>
          {(a) => <textarea {...a} rows={4} value={v.description} onInput={(e) => set('description')(e.currentTarget.value)} />}
        </Field>
        <fieldset>
          <legend>Versioning</legend>
          <Field form="pkg" name="versioning.scheme" label="Scheme" problem={p}>
            {(a) => <Select attrs={a} options={SCHEMES} value={v.scheme} set={set('scheme')} />}
          </Field>
          <Field form="pkg" name="versioning.release_cycle" label="Release cycle" problem={p}>
            {(a) => <Select attrs={a} options={CYCLES} value={v.cycle} set={set('cycle')} />}
          </Field>
          <Field form="pkg" name="versioning.support_model" label="Support model" problem={p}>
            {(a) => <Select attrs={a} options={SUPPORT} value={v.support} set={set('support')} />}
          </Field>
          <Field form="pkg" name="versioning.release_interval_days" label="Release interval (days)" problem={p}>
            {(a) => <input {...a} type="number" min={0} value={v.interval} onInput={(e) => set('interval')(e.currentTarget.value)} />}
          </Field>
        </fieldset>
        <button type="submit" disabled={form.busy}>Create package</button>
      </form>
    </section>
  );
}
