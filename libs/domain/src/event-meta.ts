/** What the envelope adds to a domain event once it is recorded; evolve() reads audit fields from it. */
export type EventMeta = {
  /** JetStream stream sequence of this event: the aggregate's version after it. */
  version: number;
  /** ISO-8601 with milliseconds, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  time: string;
  /** The token's `sub`, or the nil UUID for what the system does itself. */
  actor: string;
};

export type Recorded<E> = E & { meta: EventMeta };

export const SYSTEM_ACTOR = '00000000-0000-0000-0000-000000000000';
