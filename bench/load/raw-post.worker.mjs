// The webhook throughput reference: `total` keep-alive POSTs of one body to a receiver over
// `connections` sockets (node:http Agent), from a process of its own as the delivery engine is.
// One pass warms the connections and the JIT first; then `passes` counted passes, each POSTs/s.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

const { url, body: text, total, connections, passes } = JSON.parse(process.argv[2]);
const body = Buffer.from(text);
const agent = new Agent({ keepAlive: true, maxSockets: connections });

const post = () =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/cloudevents+json', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });

async function pass() {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => { while (next++ < total) await post(); }));
  return total / ((performance.now() - started) / 1000);
}

await pass();
const rates = [];
for (let i = 0; i < passes; i++) rates.push(await pass());
agent.destroy();
const sorted = [...rates].sort((a, b) => a - b);
console.log(JSON.stringify({ perSec: sorted[Math.floor(sorted.length / 2)], passes: rates }));
