// Open-loop read-your-writes: POSTs at a steady rate; after each 201, GET the package from the query
// service with its X-Consistency-Token (the server waits until projected). Visible = GET 200 − ack.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const config = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const TICK_MS = 10;
const MAX_READ_ATTEMPTS = 20;
/** Open loop, but bounded: past this backlog a due command is counted as not sent. */
const MAX_INFLIGHT = 5000;

const request = (base, method, path, headers, body) =>
  new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });

const auth = { authorization: `Bearer ${config.token}` };
const visible = [];
const acks = [];
const failures = {};
let sent = 0;
const fail = (why) => (failures[why] = (failures[why] ?? 0) + 1);

async function one(n) {
  const body = JSON.stringify({ title: `RYW ${n}`, system: 'kube', aliases: [`${config.aliasPrefix}-${n}`] });
  const t0 = performance.now();
  const created = await request(config.commandUrl, 'POST', '/packages', { ...auth, 'content-type': 'application/json' }, body);
  const tAck = performance.now();
  if (created.status !== 201) return fail(`create ${created.status}`);
  acks.push(tAck - t0);
  const id = JSON.parse(created.text).id;
  const token = created.headers['x-consistency-token'];
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
    const read = await request(config.queryUrl, 'GET', `/packages/${id}/`, { ...auth, 'x-consistency-token': token });
    if (read.status === 200) return visible.push(performance.now() - tAck);
    if (read.status !== 503) return fail(`read ${read.status}`);
  }
  return fail('read never visible');
}

const inflight = new Set();
const start = performance.now();
const total = config.rate * config.durationS;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * config.rate));
    while (sent < due) {
      if (inflight.size >= MAX_INFLIGHT) {
        sent += 1;
        fail('not sent: backlog');
        continue;
      }
      const p = one(++sent).catch((err) => fail(err.code ?? err.message));
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    if (sent >= total) {
      clearInterval(timer);
      resolve();
    }
  }, TICK_MS);
});
const sendMs = performance.now() - start;
await Promise.all(inflight);
agent.destroy();
console.log(JSON.stringify({ sent, achievedRate: sent / (sendMs / 1000), visibleMs: visible, ackMs: acks, failures }));
