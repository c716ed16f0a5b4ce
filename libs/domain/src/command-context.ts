/** What every command carries so decide() stays deterministic: who acts, and when. */
export type CommandContext = {
  /** The token's `sub`, or SYSTEM_ACTOR for what the system does itself. */
  actor: string;
  /** ISO-8601 with milliseconds, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  now: string;
};
