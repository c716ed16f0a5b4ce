import { PassThrough } from 'node:stream';
import { formatProgress, progressSnapshot, startProgress } from './progress.mjs';

describe('progress', () => {
  it('reports position / end, the rate since the first reading and the time left at that rate', () => {
    const snapshot = progressSnapshot({ startedAt: 0, startPosition: 1000, position: 41_000, end: 101_000, now: 4000 });
    expect(snapshot).toEqual({ position: 41_000, end: 101_000, percent: 40.5, eventsPerSecond: 10_000, etaSeconds: 6 });
    expect(formatProgress('rebuild', snapshot)).toBe('rebuild: 41000 / 101000 (40.5%), 10000 events/s, ETA 6 s');
  });

  it('says the ETA is unknown while nothing moved, and 0 once at the end', () => {
    expect(progressSnapshot({ startedAt: 0, startPosition: 5, position: 5, end: 10, now: 1000 }).etaSeconds).toBeNull();
    expect(progressSnapshot({ startedAt: 0, startPosition: 0, position: 10, end: 10, now: 1000 })).toMatchObject({ etaSeconds: 0, percent: 100 });
    expect(formatProgress('x', { position: 1, end: 2, percent: 50, eventsPerSecond: 0, etaSeconds: null })).toContain('ETA unknown');
    expect(formatProgress('x', { position: 1, end: 2, percent: 50, eventsPerSecond: 1, etaSeconds: 3725 })).toContain('ETA 1 h 2 min');
  });

  it('writes a log line per interval off a terminal and one last line on stop', async () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = startProgress({ label: 'replay', tty: false, intervalMs: 20, now: () => clock, log: (_s, text) => lines.push(text) });
    progress.update(0, 100);
    clock = 1000;
    progress.update(50, 100);
    await new Promise((resolve) => setTimeout(resolve, 70));
    progress.stop();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toBe('replay: 50 / 100 (50%), 50 events/s, ETA 1 s');
  });

  it('rewrites one live line on a terminal and ends it on stop', () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const progress = startProgress({ label: 'rebuild', stream, tty: true, now: () => 0 });
    progress.update(3, 4);
    progress.stop();
    expect(written).toBe('\r\x1b[2Krebuild: 3 / 4 (75%), 0 events/s, ETA unknown\n');
  });
});
