// bench/results/report.md and chart.svg from one run's raw results.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartSvg } from './chart.mjs';
import { rows } from './rows.mjs';

const fmt = (x) => (x === undefined || x === null ? '—' : typeof x === 'number' ? (x >= 100 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 100) / 100)) : String(x));
const clean = (text) => text.replaceAll('|', '/').slice(0, 300);
const spread = (s) => (s && s.runs > 1 ? ` (${fmt(s.min)}–${fmt(s.max)})` : '');

/** Share of the CPUs taken by other work (median) from which the report calls the machine shared. */
const SHARED_OTHER_PCT = 10;

/**
 * Other work shared the machine: by the samples taken through the run when there are some (the
 * bench's own processes raise the load average too), else by the load average at the start or end.
 */
const sharedMachine = (run) =>
  run.machine.loadDuringRun?.otherPct
    ? run.machine.loadDuringRun.otherPct.median > SHARED_OTHER_PCT
    : [run.machine.loadAverage?.atStart?.[0], run.machine.loadAverage?.atEnd?.[0]].some((load) => load > (run.machine.cpus ?? 2));

/** Writes `<name>.md` and its chart beside the raw results; returns the report's path. */
export function writeReport(run, dir, rawFile, name = 'report') {
  const chart = name === 'report' ? 'chart.svg' : `chart-${name.replace(/^report-/, '')}.svg`;
  const table = rows(run);
  const lines = [
    '# Benchmark report (SPEC §9)',
    '',
    `Run ${run.startedAt} · mode **${run.settings.mode}** · ${run.settings.runs} run(s) per figure (median, min–max when more than one) · ` +
      `${run.machine.cpus} CPUs (${run.machine.cpuModel}), Node ${run.machine.node}, Postgres: ${run.machine.postgres} · raw: [\`${rawFile}\`](${rawFile})`,
    '',
    `Load average (1, 5, 15 min) at start ${run.machine.loadAverage?.atStart?.join(', ') ?? '?'}, at end ${run.machine.loadAverage?.atEnd?.join(', ') ?? '?'}` +
      (sharedMachine(run)
        ? ': other work shared the machine and absolute figures are low; ratios are measured side by side and move less.'
        : '.'),
    '',
    ...loadDuringRun(run),
    run.settings.mode === 'quick'
      ? `Quick mode: ${run.settings.runs === 1 ? 'one run' : `${run.settings.runs} runs`} per figure, ${run.settings.durationS} s loads, ${run.settings.events.toLocaleString('en-US')} events for catch-up (the 1 M figure is extrapolated). Run without \`--quick\` for 1 M events.\n`
      : '',
    '| measure | ours | ceiling / peer | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...table.map((r) =>
      r.notMeasured && r.ours
        ? `| ${r.measure} | ${fmt(r.ours.median)} ${r.unit}${spread(r.ours)} | not measured: ${clean(r.notMeasured)} | — | ${r.target} | — |`
        : r.notMeasured
        ? `| ${r.measure} | not measured: ${clean(r.notMeasured)} | ${r.reference ? `${fmt(r.reference.median)} ${r.referenceUnit ?? ''} (${r.referenceName})` : '—'} | — | ${r.target} | — |`
        : `| ${r.measure} | ${fmt(r.ours?.median)} ${r.unit}${spread(r.ours)} | ${r.reference ? `${fmt(r.reference.median)} ${r.referenceUnit ?? r.unit}${spread(r.reference)} (${r.referenceName})` : '—'} | ${r.ratio === undefined ? '—' : `${fmt(r.ratio)}×`} | ${r.target} | ${r.met === undefined ? '—' : r.met ? 'yes' : `**no**${r.profile ? ` ([why](../profiles/${r.profile}))` : ''}`} |`,
    ),
    '',
    `![ours vs ceiling](${chart})`,
    '',
    '## Other figures of this run',
    '',
    ...extraLines(run),
    '',
    'Method, what each row means and how to run: [bench/README.md](../README.md).',
    '',
  ];
  writeFileSync(join(dir, `${name}.md`), lines.join('\n'));
  writeFileSync(join(dir, chart), chartSvg(table));
  return join(dir, `${name}.md`);
}

/** The machine's load sampled through the run (bench/lib/machine-load.mjs), whole run and per part. */
function loadDuringRun(run) {
  const during = run.machine.loadDuringRun;
  if (!during?.samples) return [];
  const pct = (s) => (s ? `${fmt(s.median)} % (max ${fmt(s.max)} %)` : '?');
  const line = (name, d) =>
    `| ${name} | ${d.samples} | ${fmt(d.load1?.median)} (max ${fmt(d.load1?.max)}) | ${pct(d.busyPct)} | ${pct(d.otherPct)} |`;
  return [
    `Machine load during the run, sampled every ${during.sampleMs / 1000} s: the 1-minute load average, the share of all ${during.cpus} CPUs busy, and the share taken by processes outside the bench's own process tree (other work on the machine; the services, nats-server, Postgres and load generators of the bench are inside the tree). Medians:`,
    '',
    '| part | samples | load average (1 min) | CPUs busy | other work |',
    '|---|---|---|---|---|',
    line('whole run', during),
    ...Object.entries(during.byPart ?? {}).map(([name, d]) => line(name, d)),
    '',
  ];
}

function extraLines(run) {
  const r = run.results;
  const out = [];
  const add = (label, value) => value !== undefined && out.push(`- ${label}: ${value}`);
  add('raw JetStream appends, one at a time (expected subject sequence)', r.jetstreamAppends?.serialPerSec && `${fmt(r.jetstreamAppends.serialPerSec.median)}/s`);
  add('raw JetStream appends, 100 subjects in parallel', r.jetstreamAppends?.parallelPerSec && `${fmt(r.jetstreamAppends.parallelPerSec.median)}/s`);
  add('raw pg 500-row `unnest` upserts', r.postgres?.upsertRowsPerSec && `${fmt(r.postgres.upsertRowsPerSec.median)} rows/s`);
  add('raw pg primary-key lookup p99', r.postgres?.lookupP99Ms && `${fmt(r.postgres.lookupP99Ms.median)} ms`);
  add('trivial endpoint p99 (64 connections)', r.trivial?.p99Ms && `${fmt(r.trivial.p99Ms.median)} ms`);
  add('creates p50 / p99, ours', r.creates?.p50Ms && `${fmt(r.creates.p50Ms.median)} / ${fmt(r.creates.p99Ms.median)} ms`);
  add('creates p50 / p99, peer', r.peer?.p50Ms && `${fmt(r.peer.p50Ms.median)} / ${fmt(r.peer.p99Ms.median)} ms`);
  add('read-your-writes: achieved command rate', r.readYourWrites?.achievedRate && `${fmt(r.readYourWrites.achievedRate.median)}/s`);
  add('read-your-writes: command ack p50 / p99 (POST sent → 201)', r.readYourWrites?.runs && `${fmt(r.readYourWrites.runs.at(-1).ackMs.p50)} / ${fmt(r.readYourWrites.runs.at(-1).ackMs.p99)} ms`);
  const q = r.readYourWrites?.quarterRate;
  add(`read-your-writes at ${q?.rate}/s (one run): ack → visible p50 / p99, ack p99`, q && `${fmt(q.visibleMs.p50)} / ${fmt(q.visibleMs.p99)} ms, ${fmt(q.ackMs.p99)} ms`);
  add('read-your-writes: failures (last run)', r.readYourWrites?.runs && JSON.stringify(r.readYourWrites.runs.at(-1).failures));
  add('raw consume+ack without decoding (the catch-up ceiling before it decoded every event)', r.catchUp?.rawNoDecode?.perSec && `${fmt(r.catchUp.rawNoDecode.perSec.median)}/s`);
  add('events published for catch-up', r.catchUp?.published && `${fmt(r.catchUp.published.published)} at ${fmt(r.catchUp.published.publishPerSec)}/s`);
  add('catch-up wall time incl. boot and migrations', r.catchUp?.projector?.wallS && `${fmt(r.catchUp.projector.wallS.median)} s`);
  add('RSS during catch-up (projection service) first batch → max → end', r.catchUp?.projector?.runs && r.catchUp.projector.runs.map((x) => `${x.rss.atFirstBatchMb} → ${x.rss.maxMb} → ${x.rss.endMb} MB`).join('; '));
  add('RSS of the peer under load (max)', r.peer?.rss && `${r.peer.rss.maxMb} MB`);
  add('errors / non-2xx during creates, ours', r.creates?.runs && r.creates.runs.map((x) => `${x.errors} / ${x.non2xx} ${JSON.stringify(x.statusCodes)}`).join('; '));
  add('errors / non-2xx during creates, peer', r.peer?.runs && r.peer.runs.map((x) => `${x.errors} / ${x.non2xx}`).join('; '));
  const sa = r.searchAndAsOf;
  add('search / as_of / GET by id on the same service (10 connections): req/s', sa?.search?.okPerSec && `${fmt(sa.search.okPerSec.median)} / ${fmt(sa.asOf?.okPerSec?.median)} / ${fmt(sa.getById?.okPerSec?.median)}`);
  add('search / as_of / GET by id on the same service (10 connections): p99', sa?.search?.p99Ms && `${fmt(sa.search.p99Ms.median)} / ${fmt(sa.asOf?.p99Ms?.median)} / ${fmt(sa.getById?.p99Ms?.median)} ms`);
  out.push(...bounds(run));
  return out;
}

/**
 * Bounds that follow from this run's own ceilings and what each operation must do at least, so a row
 * that is not met can be read against what the machine allowed (bench/profiles/ explains each).
 */
function bounds(run) {
  const r = run.results;
  const out = [];
  const add = (label, value) => value !== undefined && out.push(`- bound: ${label}: ${value}`);
  const appends = r.jetstreamAppends?.parallelPerSec?.median;
  add('creates by JetStream alone (two appends per create: the alias reservation, then the event)', appends && `${fmt(appends / 2)}/s = 0.5× raw parallel appends, before HTTP, the token check, validation and the decision`);
  const rows = r.postgres?.upsertRowsPerSec?.median;
  const decoding = r.catchUp?.raw?.perSec?.median;
  add(
    'catch-up by Postgres alone (two rows per event: its history row and its read-model row, at the raw 500-row upsert rate)',
    rows && `${fmt(rows / 2)} events/s${decoding ? ` = ${fmt(rows / 2 / decoding)}× the decoding consumer` : ''}; 1 M events ≥ ${fmt((2 * 1_000_000) / rows)} s`,
  );
  const get = r.catchUp?.getById?.okPerSec?.median;
  add('GET by id mean latency of a closed loop of 50 connections (50 ÷ req/s)', get && `${fmt((50 / get) * 1000)} ms`);
  return out;
}
