// A package's events as a timeline (SPEC §11): each entry opens the package as it was right after
// it (`as_of` = the event's time). Earlier/Later step through the entries one at a time.
import { get } from '../api';
import { formatTime, packagePath } from '../format';
import { useLive } from '../live';
import { href } from '../router';
import type { CloudEvent, Page } from '../types';
import { ProblemBox } from '../ui/form';

const describe = (event: CloudEvent): string => {
  const d = event.data;
  const name = [d.title, d.version_constraint, d.name, d.version].find((v) => typeof v === 'string');
  return name ? String(name) : '';
};

export function History({ id, asOf, version }: { id: string; asOf?: string; version: string }) {
  const events = useLive(async () => ({ data: (await get<Page<CloudEvent>>(`${packagePath(id)}/history?page_size=1000`)).data.data }), [id, version], false);
  const list = events.data ?? [];
  // The entry shown: the last one at or before as_of (none → the current package).
  const at = asOf ? list.reduce((found, e, i) => (Date.parse(e.time) <= Date.parse(asOf) ? i : found), -1) : list.length - 1;
  const open = (i: number): string => (i === list.length - 1 ? href(packagePath(id)) : href(packagePath(id), { as_of: list[i]?.time }));
  return (
    <section aria-labelledby="history-title" class="panel history">
      <h2 id="history-title">History</h2>
      <ProblemBox problem={events.error?.problem} />
      {list.length > 0 && (
        <nav class="stepper" aria-label="Step through history">
          {at > 0 ? <a href={open(at - 1)} rel="prev">← Earlier</a> : <span aria-disabled="true">← Earlier</span>}
          <span>
            {at + 1} of {list.length}
          </span>
          {at >= 0 && at < list.length - 1 ? <a href={open(at + 1)} rel="next">Later →</a> : <span aria-disabled="true">Later →</span>}
        </nav>
      )}
      <ol class="timeline" reversed>
        {list
          .map((event, i) => (
            <li key={event.id} class={i === at ? 'current' : undefined}>
              <a href={open(i)} aria-current={i === at ? 'step' : undefined}>
                {event.type.replace(/^catalog\./, '')} <span class="muted">{describe(event)}</span>
              </a>
              <br />
              <time dateTime={event.time}>{formatTime(event.time)}</time> <span class="muted">by {event.actor}</span>
            </li>
          ))
          .reverse()}
      </ol>
    </section>
  );
}
