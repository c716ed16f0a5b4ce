// Progress of a long operator command (projections:rebuild, dlq replay): position / end, events/s
// and ETA. On a terminal one live line is rewritten in place; otherwise (a Job's log, a pipe) a log
// line is written at least every 2 s. build.mjs copies this file into dist/scripts/lib.

/** position / end, rate since the first reading, and the time left at that rate. */
export function progressSnapshot({ startedAt, startPosition, position, end, now }) {
  const seconds = Math.max((now - startedAt) / 1000, 0.001);
  const eventsPerSecond = Math.round((position - startPosition) / seconds);
  const left = Math.max(end - position, 0);
  const etaSeconds = left === 0 ? 0 : eventsPerSecond > 0 ? Math.ceil(left / eventsPerSecond) : null;
  const percent = end > 0 ? Math.min(100, Math.floor((position / end) * 1000) / 10) : 100;
  return { position, end, percent, eventsPerSecond, etaSeconds };
}

const duration = (s) => (s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`);

export function formatProgress(label, snapshot) {
  const eta = snapshot.etaSeconds === null ? 'ETA unknown' : `ETA ${duration(snapshot.etaSeconds)}`;
  return `${label}: ${snapshot.position} / ${snapshot.end} (${snapshot.percent}%), ${snapshot.eventsPerSecond} events/s, ${eta}`;
}

/**
 * Starts reporting. `update(position, end)` records the latest reading; a timer shows it: every
 * 0.5 s on a TTY, and every 1.5 s as a log line otherwise, so that timer delays under load still
 * keep lines less than 2 s apart. `stop()` shows the last reading and ends the live line.
 * `log(snapshot, text)` writes a non-TTY line (default: text on stderr).
 */
export function startProgress({
  label,
  stream = process.stderr,
  tty = Boolean(stream.isTTY),
  log = (_snapshot, text) => stream.write(`${text}\n`),
  intervalMs = tty ? 500 : 1500,
  now = Date.now,
}) {
  let first;
  let latest;
  const show = () => {
    if (!latest) return;
    const snapshot = progressSnapshot({ ...first, ...latest, now: now() });
    const text = formatProgress(label, snapshot);
    if (tty) stream.write(`\r\x1b[2K${text}`);
    else log(snapshot, text);
  };
  const timer = setInterval(show, intervalMs);
  timer.unref();
  return {
    update(position, end) {
      first ??= { startedAt: now(), startPosition: position };
      latest = { position, end };
    },
    stop() {
      clearInterval(timer);
      show();
      if (tty && latest) stream.write('\n');
    },
  };
}
