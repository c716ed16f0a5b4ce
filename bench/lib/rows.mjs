// Every SPEC §9 row from one run's raw results: ours, the reference measured in the same run, the
// ratio, the target and whether it is met. A row whose input is missing says why.
import { summarize } from './stats.mjs';

const ONE_MILLION = 1_000_000;
const MEMORY_LIMIT_MB = 200;
/** "Flat across the rebuild": RSS at the end at most this much above RSS when the first batch landed. */
const FLAT_GROWTH_MB = 50;

/**
 * Where each row's profile and the reason it is not met are written (bench/profiles/), linked from
 * the report beside a row that is not met.
 */
const PROFILES = {
  createsPeer: 'http.md#creates-vs-the-crud-peer',
  createsTrivial: 'http.md#creates-vs-the-trivial-endpoint',
  createsRaw: 'http.md#creates-vs-raw-parallel-appends',
  readYourWrites: 'http.md#read-your-writes-p99',
  catchUp: 'projection.md#catch-up-vs-the-decoding-consumer',
  rebuild: 'projection.md#1-m-events-in-30-s',
  getById: 'http.md#get-by-id-vs-raw-pg',
  getByIdP99: 'http.md#get-by-id-p99',
  memoryCommand: 'memory.md#command-service-under-load',
  memoryProjection: 'memory.md#projection-service-under-load',
  memoryRebuild: 'memory.md#projection-service-across-the-rebuild',
  search: 'search.md#search-p99',
  asOf: 'search.md#as_of-p99',
  webhookLatency: 'webhooks.md#delivery-latency',
  webhookThroughput: 'webhooks.md#delivery-throughput',
};

const reason = (...parts) => parts.find((p) => p?.notMeasured)?.notMeasured ?? (parts.some((p) => p === undefined) ? 'not run (see --only)' : undefined);

function ratioRow(measure, ours, reference, { unit, referenceName, min, referenceUnit, profile }) {
  const missing = reason(ours.source, reference.source);
  const base = { measure, unit, referenceUnit, referenceName, reference: reference.value, target: `≥ ${min}× ${referenceName}`, profile };
  if (missing || !ours.value || !reference.value) return { ...base, ours: ours.value, notMeasured: missing ?? 'no figure' };
  const ratio = ours.value.median / reference.value.median;
  return { ...base, ours: ours.value, ratio, met: ratio >= min };
}

function limitRow(measure, source, value, { unit, max, reference, referenceName, referenceUnit, profile }) {
  const missing = reason(source);
  const base = { measure, unit, target: `≤ ${max} ${unit}`, reference, referenceName, referenceUnit, profile };
  if (missing || !value) return { ...base, notMeasured: missing ?? 'no figure' };
  return { ...base, ours: value, met: value.median <= max };
}

export function rows(run) {
  const r = run.results;
  const cu = r.catchUp;
  const quick = run.settings.events < ONE_MILLION;
  return [
    ratioRow('accepted catalog creates/s (64 connections) vs the CRUD peer', { source: r.creates, value: r.creates?.okPerSec }, { source: r.peer, value: r.peer?.okPerSec }, { unit: '/s', referenceName: 'CRUD peer', min: 1.5, profile: PROFILES.createsPeer }),
    ratioRow('accepted catalog creates/s (64 connections) vs a trivial endpoint', { source: r.creates, value: r.creates?.okPerSec }, { source: r.trivial, value: r.trivial?.okPerSec }, { unit: '/s', referenceName: 'trivial NestJS-Fastify GET', min: 0.25, profile: PROFILES.createsTrivial }),
    ratioRow('accepted catalog creates/s (64 connections) vs raw JetStream appends (expected subject sequence, 100 subjects in parallel)', { source: r.creates, value: r.creates?.okPerSec }, { source: r.jetstreamAppends, value: r.jetstreamAppends?.parallelPerSec }, { unit: '/s', referenceName: 'raw parallel appends', min: 0.5, profile: PROFILES.createsRaw }),
    limitRow(`read-your-writes p99, ack → visible, at ${run.settings.rywRate} commands/s`, r.readYourWrites, r.readYourWrites?.p99Ms, {
      unit: 'ms', max: 25, reference: r.readYourWrites?.p50Ms, referenceName: 'p50', referenceUnit: 'ms', profile: PROFILES.readYourWrites,
    }),
    ratioRow('projector catch-up events/s vs a raw consumer that decodes every event', { source: cu?.projector ?? cu, value: cu?.projector?.perSec }, { source: cu?.raw ?? cu, value: cu?.raw?.perSec }, { unit: '/s', referenceName: 'raw consume + JSON decode + ack per batch', min: 0.5, profile: PROFILES.catchUp }),
    limitRow(quick ? `1 M-event rebuild time (extrapolated from ${run.settings.events.toLocaleString('en-US')})` : '1 M-event rebuild time', cu?.projector ?? cu, rebuildSeconds(cu, run.settings.events), { unit: 's', max: 30, profile: PROFILES.rebuild }),
    ratioRow('GET by id req/s (50 connections) vs raw pg primary-key lookups', { source: cu?.getById ?? cu, value: cu?.getById?.okPerSec }, { source: r.postgres, value: r.postgres?.lookupsPerSec }, { unit: '/s', referenceName: 'raw pg, 16-client pool', min: 0.5, profile: PROFILES.getById }),
    limitRow('GET by id p99 (50 connections)', cu?.getById ?? cu, cu?.getById?.p99Ms, { unit: 'ms', max: 10, reference: r.postgres?.lookupP99Ms, referenceName: 'raw pg p99', referenceUnit: 'ms', profile: PROFILES.getByIdP99 }),
    limitRow('command service RSS under load (max)', r.creates, maxOf([r.creates?.rss?.maxMb, r.readYourWrites?.rss?.command?.maxMb]), { unit: 'MB', max: MEMORY_LIMIT_MB, profile: PROFILES.memoryCommand }),
    limitRow('projection service RSS under load (max)', r.creates, maxOf([r.creates?.queryRss?.maxMb, r.readYourWrites?.rss?.query?.maxMb, cu?.getById?.rss?.maxMb]), { unit: 'MB', max: MEMORY_LIMIT_MB, profile: PROFILES.memoryProjection }),
    flatRow(cu),
    limitRow(`search \`q=\` p99 over 100 k packages (page_size=20, ${run.settings.searchConnections ?? 10} connections)`, r.searchAndAsOf?.search ?? r.searchAndAsOf, r.searchAndAsOf?.search?.p99Ms, {
      unit: 'ms', max: 20, reference: r.searchAndAsOf?.search?.p50Ms, referenceName: 'p50', referenceUnit: 'ms', profile: PROFILES.search,
    }),
    limitRow(`\`as_of\` read p99 on an aggregate of 1 000 events (${run.settings.searchConnections ?? 10} connections)`, r.searchAndAsOf?.asOf ?? r.searchAndAsOf, r.searchAndAsOf?.asOf?.p99Ms, {
      unit: 'ms', max: 20, reference: r.searchAndAsOf?.asOf?.p50Ms, referenceName: 'p50', referenceUnit: 'ms', profile: PROFILES.asOf,
    }),
    limitRow('webhook delivery p99, append → received, 200 events/s to 10 endpoints', r.webhooks, r.webhooks?.p99Ms, {
      unit: 'ms', max: 50, reference: r.webhooks?.p50Ms, referenceName: 'p50', referenceUnit: 'ms', profile: PROFILES.webhookLatency,
    }),
    ratioRow('webhook deliveries/s of a backlog to one endpoint vs a raw keep-alive POST loop', { source: r.webhooks, value: r.webhooks?.perSec }, { source: r.webhooks, value: r.webhooks?.rawPerSec }, {
      unit: '/s', referenceName: 'raw keep-alive POST loop (16 connections)', min: 0.5, profile: PROFILES.webhookThroughput,
    }),
  ];
}

const maxOf = (xs) => {
  const v = xs.filter((x) => typeof x === 'number');
  return v.length ? summarize([Math.max(...v)]) : undefined;
};

function rebuildSeconds(cu, events) {
  const runs = cu?.projector?.runs;
  if (!runs) return undefined;
  return summarize(runs.map((x) => (events >= ONE_MILLION ? x.wallS : x.bootToFirstBatchS + ONE_MILLION / x.eventsPerSec)));
}

function flatRow(cu) {
  const measure = `projection service RSS across the rebuild (max ≤ ${MEMORY_LIMIT_MB} MB, end ≤ first batch + ${FLAT_GROWTH_MB} MB)`;
  const runs = cu?.projector?.runs;
  const missing = reason(cu?.projector ?? cu);
  const profile = PROFILES.memoryRebuild;
  if (missing || !runs) return { measure, unit: 'MB', target: 'flat', profile, notMeasured: missing ?? 'no figure' };
  const growth = summarize(runs.map((x) => x.rss.endMb - x.rss.atFirstBatchMb));
  const max = summarize(runs.map((x) => x.rss.maxMb));
  return {
    measure, unit: 'MB max', ours: max, reference: growth, referenceName: 'end − first batch', referenceUnit: 'MB',
    target: 'flat', profile, met: max.median <= MEMORY_LIMIT_MB && growth.median <= FLAT_GROWTH_MB,
  };
}
