// Raw JetStream ceilings: appends with an expected subject sequence (one at a time; 100 subjects in
// parallel) on a stream configured like the event stream, and consume+ack of the event stream itself
// (`decode: true`: every message JSON-decoded too, the least any projector does with it).
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, nanos } from '@nats-io/transport-node';
import { performance } from 'node:perf_hooks';
import { ensureStream, natsHeaders, packageCreated, streamConfig } from '../lib/events.mjs';

const config = JSON.parse(process.argv[2]);
const nc = await connect({ servers: config.natsUrl });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);

const CEILING_STREAM = 'BENCH_CEILING';

async function appendLoop(subjectFor, deadline, lastSeq) {
  let count = 0;
  while (performance.now() < deadline) {
    const ev = packageCreated(count);
    const subject = subjectFor(ev);
    const ack = await js.publish(subject, ev.payload, {
      msgID: ev.headers['Nats-Msg-Id'],
      headers: natsHeaders(headers, ev.headers),
      expect: { lastSubjectSequence: lastSeq.get(subject) ?? 0 },
    });
    lastSeq.set(subject, ack.seq);
    count += 1;
  }
  return count;
}

async function appends() {
  await ensureStream(jsm, { ...streamConfig({ name: CEILING_STREAM, replicas: 1, duplicateWindowMs: 120_000 }), subjects: ['ceiling.>'] });
  const ms = config.durationS * 1000;
  // One at a time, each to a new subject (expected sequence 0), as a create is.
  let t = performance.now();
  const serial = await appendLoop((ev) => `ceiling.serial.${ev.id}`, t + ms, new Map());
  const serialPerSec = serial / ((performance.now() - t) / 1000);
  // 100 subjects in parallel, each chaining its own expected sequence.
  t = performance.now();
  const lastSeq = new Map();
  const counts = await Promise.all(Array.from({ length: 100 }, (_, i) => appendLoop(() => `ceiling.parallel.s${i}`, t + ms, lastSeq)));
  const parallelPerSec = counts.reduce((a, b) => a + b, 0) / ((performance.now() - t) / 1000);
  await jsm.streams.delete(CEILING_STREAM);
  return { serialPerSec, parallelPerSec };
}

/** The projector's pattern without the database: AckAll durable, ack each batch's last message. */
async function consume() {
  const decode = config.decode === true;
  let decoded = 0;
  const durable = `ceiling_raw_${Date.now()}`;
  await jsm.consumers.add(config.stream, {
    durable_name: durable,
    ack_policy: AckPolicy.All,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_ack_pending: config.batchSize * 4,
  });
  const consumer = await js.consumers.get(config.stream, durable);
  const t = performance.now();
  const messages = await consumer.consume({ max_messages: config.batchSize * 2 });
  let seen = 0;
  for await (const m of messages) {
    seen += 1;
    if (decode && JSON.parse(m.string()) !== null) decoded += 1;
    if (seen % config.batchSize === 0 || seen === config.events) m.ack();
    if (seen >= config.events) break;
  }
  const seconds = (performance.now() - t) / 1000;
  await jsm.consumers.delete(config.stream, durable);
  return { consumeAckPerSec: seen / seconds, consumed: seen, decoded, seconds };
}

const result = config.mode === 'appends' ? await appends() : await consume();
await nc.drain();
console.log(JSON.stringify(result));
