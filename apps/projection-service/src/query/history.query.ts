import type pg from 'pg';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import type { CloudEvent } from '../../../../libs/event-store/src/cloud-event.js';
import { knownSchemaVersion, upcastEvent } from '../../../../libs/event-store/src/upcasting/event-upcasters.js';

/** A page of one aggregate's events from `event_history`, oldest first, after stream sequence `after`. */
export type HistoryPage = { events: unknown[]; last: number | undefined; more: boolean };

async function readHistory(db: Pick<pg.Pool, 'query'>, subject: string, after: number, limit: number): Promise<HistoryPage> {
  const { rows } = await db.query<{ seq: number; event: unknown }>(
    'SELECT seq, event FROM event_history WHERE subject = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [subject, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  return { events: page.map((row) => asRead(row.event as CloudEvent)), last: page.at(-1)?.seq, more: rows.length > limit };
}

/**
 * History keeps each event as written; it answers them at the version this build reads, like every
 * other reader. One newer than that is answered as written: history shows, it does not interpret.
 */
const asRead = (event: CloudEvent): CloudEvent => (event.schemaversion > knownSchemaVersion(event) ? event : upcastEvent(event));

/**
 * A package's history page, or 404 naming `ref` when `subject` is unknown (undefined) or names a
 * package that never was. History never shrinks: only a first page can be empty, and only then.
 */
export async function readPackageHistory(
  db: Pick<pg.Pool, 'query'>,
  subject: string | undefined,
  after: number,
  limit: number,
  ref: string,
): Promise<HistoryPage> {
  const history = subject === undefined ? undefined : await readHistory(db, subject, after, limit);
  if (history === undefined || (history.events.length === 0 && after === 0)) throw new NotFoundError('Package', ref);
  return history;
}
