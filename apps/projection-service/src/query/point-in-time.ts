// Point-in-time reads (SPEC §4.6): `as_of` / `asOf` = an RFC 3339 time or a stream position. The
// answer is the aggregate folded with the domain's own `evolve` from its recorded history
// (`event_history`), up to the last of its events at or before that point.
import type pg from 'pg';
import type { CloudEvent } from '../../../../libs/event-store/src/cloud-event.js';
import { UnknownSchemaVersionError, upcastEvent } from '../../../../libs/event-store/src/upcasting/event-upcasters.js';
import { BadRequestError, ServiceUnavailableError } from '../../../../libs/http/src/errors/http.errors.js';
import type { ConsistencyWaiter } from '../projector/consistency-waiter.js';
import { ConsistencyTokenBeyondStreamError } from '../projector/consistency.errors.js';
import { single, type RawQuery } from './query-params.js';

export type AsOf = { at: 'position'; position: number; text: string } | { at: 'time'; ms: number; text: string };

const POSITION = /^[1-9][0-9]{0,15}$/;
// RFC 3339 §5.6 date-time; the fraction may be longer than the events' milliseconds.
const TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const EXPECTED = 'must be an RFC 3339 time (2026-01-31T12:00:00Z) or a stream position (a positive integer)';

/** The parameter `name` (absent → undefined); malformed → 400 in the family's format. */
export function parseAsOf(query: RawQuery, name: 'as_of' | 'asOf'): AsOf | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  if (POSITION.test(text) && Number.isSafeInteger(Number(text))) return { at: 'position', position: Number(text), text };
  const ms = rfc3339Millis(text);
  if (ms === undefined) {
    const hint = / \d{2}:\d{2}$/.test(text) ? ' (a "+" offset must be sent as %2B)' : '';
    throw new BadRequestError(`query.${name}`, `${EXPECTED}${hint}`, text.length > 64 ? `${text.slice(0, 64)}…` : text);
  }
  return { at: 'time', ms, text };
}

/** Epoch milliseconds of an RFC 3339 time, fraction truncated (events carry milliseconds); undefined when invalid. */
export function rfc3339Millis(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) return undefined;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A leap second (:60) is the instant after :59.999, which is how Date rolls it over.
  date.setUTCHours(hour, minute, second, Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)));
  const sign = m[9] === '-' ? -1 : 1;
  return date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * A position is waited for like a consistency token, so the history read next holds every event up
 * to it; one past the stream's end is 400 at once, at the parameter. A time needs no wait: it names
 * what the projector had recorded by then, and a consistency token can ask for more.
 */
export async function reachAsOf(waiter: ConsistencyWaiter, asOf: AsOf, name: 'as_of' | 'asOf'): Promise<void> {
  if (asOf.at !== 'position') return;
  try {
    await waiter.waitFor(asOf.position);
  } catch (err) {
    if (err instanceof ConsistencyTokenBeyondStreamError) throw new BadRequestError(`query.${name}`, 'is a position beyond the end of the event stream', asOf.text);
    throw err;
  }
}

export type HistoryRow = { seq: number; event: CloudEvent; bytes: number };

type Entry<S> = { seq: number; ms: number; state: S };

/**
 * What a fold keeps, at most (the least recently read aggregates go first). States of one aggregate
 * share what their events did not change, so the bytes of the events approximate their memory; an
 * account bundle's files (up to BODY_LIMIT_BYTES) count once per aggregate.
 */
const MAX_CACHED_STATES = 50_000;
const MAX_CACHED_BYTES = 32 * 2 ** 20;

/**
 * The states of aggregates after each of their events, folded once and kept: an aggregate's
 * recorded history is append-only and visible in stream order (a batch commits a contiguous run),
 * so a prefix read once never changes, and a later read only fetches and folds what follows it.
 * A point-in-time read is then a binary search, not a fold of the whole history.
 */
export class HistoryFolds<S> {
  /** By subject, least recently read first. */
  private readonly folded = new Map<string, { entries: Entry<S>[]; bytes: number }>();
  private readonly total = { states: 0, bytes: 0 };

  constructor(
    private readonly initial: () => S,
    private readonly step: (state: S, row: HistoryRow) => S,
  ) {}

  /** The aggregate's state after its last event at or before `asOf` (the initial state when none). */
  async at(db: Pick<pg.Pool, 'query'>, subject: string, asOf: AsOf): Promise<S> {
    const entries = await this.extended(db, subject, asOf.at === 'position' ? asOf.position : Number.MAX_SAFE_INTEGER);
    const index = asOf.at === 'position' ? lastAtOrBefore(entries, (entry) => entry.seq <= asOf.position) : lastStampedBy(entries, asOf.ms);
    return index < 0 ? this.initial() : (entries[index] as Entry<S>).state;
  }

  private async extended(db: Pick<pg.Pool, 'query'>, subject: string, bound: number): Promise<Entry<S>[]> {
    const kept = this.folded.get(subject) ?? { entries: [], bytes: 0 };
    this.folded.delete(subject);
    this.folded.set(subject, kept);
    const last = kept.entries.at(-1)?.seq ?? 0;
    if (bound <= last) return kept.entries;
    const { rows } = await db.query<HistoryRow>(
      'SELECT seq, event, octet_length(event::text) AS bytes FROM event_history WHERE subject = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
      [subject, last, bound],
    );
    // Evicted by another read meanwhile: fold for this read only, keep nothing.
    const counted = this.folded.get(subject) === kept;
    for (const row of rows) {
      // A concurrent read of the same aggregate may have appended these already.
      const previous = kept.entries.at(-1);
      if (previous && row.seq <= previous.seq) continue;
      kept.entries.push({ seq: row.seq, ms: Date.parse(row.event.time), state: this.step(previous ? previous.state : this.initial(), row) });
      kept.bytes += row.bytes;
      if (counted) [this.total.states, this.total.bytes] = [this.total.states + 1, this.total.bytes + row.bytes];
    }
    if (counted) this.evict(subject);
    return kept.entries;
  }

  /** Drops the least recently read aggregates but `keep` (the one being read) while over a bound. */
  private evict(keep: string): void {
    for (const [subject, kept] of this.folded) {
      if (this.total.states <= MAX_CACHED_STATES && this.total.bytes <= MAX_CACHED_BYTES) return;
      if (subject === keep) continue;
      this.folded.delete(subject);
      [this.total.states, this.total.bytes] = [this.total.states - kept.entries.length, this.total.bytes - kept.bytes];
    }
  }
}

/** Index of the last entry for which `holds` is true, entries being sorted so it holds on a prefix. */
function lastAtOrBefore<S>(entries: Entry<S>[], holds: (entry: Entry<S>) => boolean): number {
  let [low, high] = [0, entries.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(entries[middle] as Entry<S>)) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * For a time: the end of the prefix of the history ending at its last event stamped at or before
 * it — always a state the aggregate really had, even if clocks of two writers disagreed.
 */
function lastStampedBy<S>(entries: Entry<S>[], ms: number): number {
  for (let i = entries.length - 1; i >= 0; i--) if ((entries[i] as Entry<S>).ms <= ms) return i;
  return -1;
}

/**
 * A recorded event of `family` the domain folds (one of `types`, upcast to the version this build
 * reads, like every other reader), with the envelope's meta; undefined for anything else, which the
 * read models pass over too. An event newer than this build can read makes the answer unknowable
 * here: 503, as the projector stops before such an event too.
 */
export function recordedEvent<T extends string>(row: HistoryRow, family: string, types: readonly T[]) {
  const event = readable(row.event);
  if (!event.type.startsWith(`${family}.`)) return undefined;
  const type = event.type.slice(family.length + 1) as T;
  if (!types.includes(type)) return undefined;
  return { type, data: event.data, meta: { version: row.seq, time: event.time, actor: event.actor } };
}

const UNREADABLE_RETRY_AFTER_SECONDS = 30;

function readable(event: CloudEvent): CloudEvent {
  try {
    return upcastEvent(event);
  } catch (err) {
    if (err instanceof UnknownSchemaVersionError) {
      throw new ServiceUnavailableError(UNREADABLE_RETRY_AFTER_SECONDS, 'This resource has an event this service version cannot read yet; retry after an upgrade.');
    }
    throw err;
  }
}
