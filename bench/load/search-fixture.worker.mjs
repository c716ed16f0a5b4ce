// Fills the event stream for the search and as_of rows (SPEC §9): N catalog packages whose titles,
// descriptions and aliases draw words from a synthetic vocabulary (each word in ≈ 0.4 % of them),
// then one package with E events (created, then updated E − 1 times, one simulated minute apart).
// Prints the queries to run and the history package's positions and times.
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { catalogEvent, ensureStream, natsHeaders, streamConfig } from '../lib/events.mjs';

const config = JSON.parse(process.argv[2]);
const WINDOW = 2_000;
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pu', 'gi', 'da', 'fe'];
const WORDS = [];
for (const a of SYLLABLES) for (const b of SYLLABLES) for (const c of SYLLABLES) WORDS.push(`${a}${b}${c}`);

// A deterministic generator, so every run searches the same corpus.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const word = () => WORDS[Math.floor(random() * WORDS.length)];
const words = (n) => Array.from({ length: n }, word).join(' ');
const versioning = { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling' };

const nc = await connect({ servers: config.natsUrl });
const js = jetstream(nc);
await ensureStream(await jetstreamManager(nc), streamConfig({ name: config.stream, replicas: 1, duplicateWindowMs: 120_000 }));

const pending = new Set();
async function publish(ev, lastSubjectSequence) {
  const p = js.publish(ev.subject, ev.payload, { msgID: ev.headers['Nats-Msg-Id'], headers: natsHeaders(headers, ev.headers), expect: lastSubjectSequence === undefined ? undefined : { lastSubjectSequence } });
  pending.add(p);
  void p.finally(() => pending.delete(p));
  if (pending.size >= WINDOW) await Promise.race(pending);
  return p;
}

const aliases = [];
for (let n = 1; n <= config.packages; n++) {
  const id = `pkg_${randomUUID()}`;
  // Its own stream, so a word and the number make it unique (no prefix every alias would share).
  const alias = `${word()}-${n}`;
  if (n % 200 === 0) aliases.push(alias);
  await publish(catalogEvent('PackageCreated', id, { id, title: `${words(2)} ${n}`, system: 'helm', aliases: [alias], description: words(6), versioning }), 0);
}
await Promise.all(pending);

// The long aggregate: each event waits for the previous one (its expected subject sequence).
const historyId = `pkg_${randomUUID()}`;
const start = Date.parse('2026-01-01T00:00:00.000Z');
const seqs = [];
let previous = 0;
for (let i = 0; i < config.historyEvents; i++) {
  const data = { id: historyId, title: `History ${i}`, system: 'helm', aliases: ['history-of-one'], description: words(6), versioning };
  const ack = await publish(catalogEvent(i === 0 ? 'PackageCreated' : 'PackageUpdated', historyId, data, new Date(start + i * 60_000)), previous);
  previous = ack.seq;
  seqs.push(ack.seq);
}
const info = await (await jetstreamManager(nc)).streams.info(config.stream);
await nc.drain();

const queries = [];
for (let i = 0; i < 100; i++) queries.push(word(), `${word()} ${word()}`, word().slice(0, 5));
queries.push(...aliases.slice(0, 100));
console.log(JSON.stringify({
  lastSeq: info.state.last_seq,
  words: WORDS.length,
  queries,
  history: { id: historyId, firstSeq: seqs[0], lastSeq: seqs.at(-1), firstTime: new Date(start).toISOString(), lastTime: new Date(start + (seqs.length - 1) * 60_000).toISOString() },
}));
