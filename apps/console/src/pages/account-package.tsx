// An account package (SPEC §11, §5): its bundle, state details, history, and the allowed state
// transitions as actions. A change is a PUT of the resource as read, with If-Match: its ETag, so a
// change made meanwhile is a 412, and a transition the table forbids is a 409 — both explained.
import { useState } from 'preact/hooks';
import { ApiError, call, enc, get } from '../api';
import { formatTime } from '../format';
import { useLive } from '../live';
import { href } from '../router';
import { hasRole } from '../session';
import type { AccountPackage, CloudEvent } from '../types';
import { Field, Loading, ProblemBox, useSubmit } from '../ui/form';
import { accountPath, StateBadge, STATES } from './account-packages';
import { Bundle } from './account-bundle';

export function AccountPackagePage({ account, id }: { account: string; id: string }) {
  const path = `${accountPath(account)}/${enc(id)}`;
  const pkg = useLive(async (etag) => {
    const answer = await get<AccountPackage>(path, { ifNoneMatch: etag });
    return answer.status === 304 ? undefined : { data: { pkg: answer.data, etag: answer.etag ?? '' }, etag: answer.etag };
  }, [path]);
  if (!pkg.data) return pkg.error ? <ProblemBox problem={pkg.error.problem} /> : <Loading what="the package" />;
  const { pkg: p, etag } = pkg.data;
  return (
    <article aria-labelledby="apkg-title">
      <p><a href={href(`/accounts/${account}`)}>← Packages of this account</a></p>
      <h1 id="apkg-title">{p.packageName} {p.packageVersion}</h1>
      <p>
        State: <StateBadge state={p.packageState} /> <span class="muted">{p.packageType}, {p.severityLevel}</span> <code>{p.id}</code>
      </p>
      {p.packageStateDetails && p.packageStateDetails.length > 0 && (
        <ul class="details" aria-label="State details">
          {p.packageStateDetails.map((d, i) => <li key={i}><strong>{d.title}</strong> {d.detail}</li>)}
        </ul>
      )}
      {hasRole('member') && <StateActions path={path} pkg={p} etag={etag} onDone={pkg.reload} />}
      <div class="columns">
        <Bundle pkg={p} />
        <AccountHistory path={path} version={etag} />
      </div>
    </article>
  );
}

function StateActions({ path, pkg, etag, onDone }: { path: string; pkg: AccountPackage; etag: string; onDone: () => void }) {
  const allowed = pkg.packageStateTransitions?.find((t) => t.from === pkg.packageState)?.to ?? [];
  const [other, setOther] = useState(STATES.find((s) => s !== pkg.packageState) ?? '');
  const [target, setTarget] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const form = useSubmit(
    async (state: string) => {
      setTarget(state);
      setDone(undefined);
      try {
        return await call('PUT', path, { body: { ...pkg, packageState: state }, ifMatch: etag });
      } catch (error) {
        // A 412: someone else moved first; show what they did.
        if (error instanceof ApiError && error.problem.status === 412) onDone();
        throw error;
      }
    },
    (_, state) => {
      setDone(`Moved to ${state}.`);
      onDone();
    },
  );
  const explained = form.problem && (form.problem.status === 409 || form.problem.status === 412);
  return (
    <section aria-labelledby="actions-title" class="panel">
      <h2 id="actions-title">Change state</h2>
      {done && <p role="status">{done}</p>}
      {explained && (
        <p class="problem" role="alert">
          {form.problem?.status === 412
            ? 'Someone changed this package since the page loaded (412 Precondition Failed). The page now shows the latest version; try again if the change still makes sense.'
            : `The register refused moving from ${pkg.packageState} to ${target} (409 Conflict): from ${pkg.packageState} the allowed states are ${allowed.join(', ') || 'none'}.`}
        </p>
      )}
      <ProblemBox problem={form.problem} fallback={form.failure} />
      <div class="actions" role="group" aria-label="Allowed transitions">
        {allowed.filter((s) => s !== pkg.packageState).map((s) => (
          <button key={s} type="button" disabled={form.busy} onClick={() => void form.run(s)}>Move to {s}</button>
        ))}
      </div>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); void form.run(other); }}>
        <Field form="state" name="packageState" label="Any state (the register checks the transition)" problem={form.problem}>
          {(a) => (
            <select {...a} value={other} onChange={(e) => setOther(e.currentTarget.value)}>
              {STATES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          )}
        </Field>
        <button type="submit" disabled={form.busy}>Request state</button>
      </form>
    </section>
  );
}

function AccountHistory({ path, version }: { path: string; version: string }) {
  const events = useLive(async () => ({ data: (await get<{ items: CloudEvent[] }>(`${path}/history`)).data.items }), [path, version], false);
  return (
    <section aria-labelledby="ahistory-title" class="panel history">
      <h2 id="ahistory-title">History</h2>
      <ProblemBox problem={events.error?.problem} />
      <ol class="timeline" reversed>
        {(events.data ?? []).map((e) => (
          <li key={e.id}>
            {e.type.replace(/^accounts\./, '')} {typeof e.data.to === 'string' && <StateBadge state={e.data.to} />}
            <br />
            <time dateTime={e.time}>{formatTime(e.time)}</time> <span class="muted">by {e.actor}</span>
          </li>
        )).reverse()}
      </ol>
    </section>
  );
}
