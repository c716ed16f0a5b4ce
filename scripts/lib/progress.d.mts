// Types of progress.mjs for the TypeScript entry points that import it.
export type ProgressSnapshot = { position: number; end: number; percent: number; eventsPerSecond: number; etaSeconds: number | null };

export function progressSnapshot(input: { startedAt: number; startPosition: number; position: number; end: number; now: number }): ProgressSnapshot;
export function formatProgress(label: string, snapshot: ProgressSnapshot): string;
export function startProgress(options: {
  label: string;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  tty?: boolean;
  log?: (snapshot: ProgressSnapshot, text: string) => void;
  intervalMs?: number;
  now?: () => number;
}): { update(position: number, end: number): void; stop(): void };
