// Fills the event stream with N catalog PackageCreated events (the exact envelope), pipelined, and
// writes a sample of the package ids for the GET-by-id load.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { ensureStream, natsHeaders, packageCreated, streamConfig } from '../lib/events.mjs';

const config = JSON.parse(process.argv[2]);
const WINDOW = 2_000;
const ID_SAMPLE = 50_000;

const nc = await connect({ servers: config.natsUrl });
const js = jetstream(nc);
await ensureStream(await jetstreamManager(nc), streamConfig({ name: config.stream, replicas: 1, duplicateWindowMs: 120_000 }));

const ids = [];
const pending = new Set();
const t = performance.now();
for (let n = 1; n <= config.events; n++) {
  const ev = packageCreated(n, config.aliasPrefix);
  if (ids.length < ID_SAMPLE) ids.push(ev.id);
  const p = js.publish(ev.subject, ev.payload, {
    msgID: ev.headers['Nats-Msg-Id'],
    headers: natsHeaders(headers, ev.headers),
    expect: { lastSubjectSequence: 0 },
  });
  pending.add(p);
  void p.finally(() => pending.delete(p));
  if (pending.size >= WINDOW) await Promise.race(pending);
}
await Promise.all(pending);
const seconds = (performance.now() - t) / 1000;
writeFileSync(config.idsFile, JSON.stringify(ids));
const info = await (await jetstreamManager(nc)).streams.info(config.stream);
await nc.drain();
console.log(JSON.stringify({ published: config.events, publishPerSec: config.events / seconds, lastSeq: info.state.last_seq }));
