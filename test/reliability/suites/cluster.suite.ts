// `npm run test:cluster`: the stream at R3 on a 3-node NATS cluster (loopback); the stream leader is
// SIGKILLed under load, writes resume after the election and nothing acknowledged is lost.
import { randomBytes, randomUUID } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { verifyRun } from '../checker/verify-run.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { CommandClient } from '../driver/http-client.js';
import { runWorkload, type Lane } from '../driver/workloads.js';
import { Checks, log, quantile } from '../support/checks.js';
import { reportPath, runEnvironment } from '../support/report.js';
import { startNatsCluster, type NatsNode } from '../support/nats-nodes.js';
import { startPostgresServer } from '../support/postgres-server.js';
import { startSystem, type System } from '../support/system.js';
import { delay, waitUntil } from '../support/wait.js';

const COMMANDS = Number(process.env.RELIABILITY_CLUSTER_COMMANDS ?? 4000);
const LEADER_KILLS = Number(process.env.RELIABILITY_LEADER_KILLS ?? 3);

type Failover = { killed: string; electedMs: number; writesResumedMs: number; newLeader: string };

const checks = new Checks();
await checks.scenario('cluster', async () => {
  const cluster = await startNatsCluster();
  const pg = await startPostgresServer();
  const nc = await connect({ servers: cluster.urls.split(','), name: 'reliability-observer', maxReconnectAttempts: -1 });
  let system: System | undefined;
  try {
    system = await startSystem({ natsUrl: cluster.urls, commandServices: 2, subscriber: true, streamReplicas: 3, postgres: pg });
    // A short request timeout: asking a killed node must not hide how quickly the others elect.
    const jsm = await jetstreamManager(nc, { timeout: 1000 });
    const info = await jsm.streams.info('ARTIFACTS');
    checks.expect('the stream has 3 replicas', info.config.num_replicas === 3, info.config.num_replicas);
    const ledger = new CommandLedger();
    const runId = randomBytes(3).toString('hex');
    const accountId = randomUUID();
    const urls = system.commandUrls;
    const lanes: Lane[] = Array.from({ length: 16 }, (_, lane) => ({ client: new CommandClient({ baseUrls: urls, token: system!.token, runId: `${runId}-${lane}`, ledger }), lane, runId, accountId }));
    const probe = new CommandClient({ baseUrls: urls, token: system.token, runId: `${runId}-probe`, ledger, maxBackoffMs: 100, maxAttempts: 600 });
    const work = runWorkload(lanes, () => ledger.count(), COMMANDS);
    const failovers: Failover[] = [];
    for (let n = 0; n < LEADER_KILLS; n++) {
      await delay(3000);
      failovers.push(await killLeader(jsm, cluster.nodes, probe));
    }
    await work;
    const figures = await verifyRun(checks, cluster.urls, system, ledger);
    for (const f of failovers) log(`   killed stream leader ${f.killed}: new leader ${f.newLeader} after ${f.electedMs} ms, writes acknowledged again after ${f.writesResumedMs} ms`);
    log(`   commands sent ${figures.sent}, acknowledged ${figures.acknowledged}, refused ${figures.refused}, gave up ${figures.unknown}; events ${figures.eventsFound}, lost ${figures.lost}, duplicated ${figures.duplicated}`);
    log(`   election median ${quantile(failovers.map((f) => f.electedMs), 0.5)} ms; writes resumed median ${quantile(failovers.map((f) => f.writesResumedMs), 0.5)} ms`);
    checks.expect(`the leader was killed ${LEADER_KILLS} times and writes resumed each time`, failovers.length === LEADER_KILLS && failovers.every((f) => f.writesResumedMs < 60_000));
    checks.expect('the driver got a definite answer to every command', figures.unknown === 0, figures.unknown);
    checks.figures({ ...figures, staleReads: undefined, recoverMs: Math.max(0, ...failovers.map((f) => f.writesResumedMs)), recoverWhat: 'slowest stream-leader kill until writes were acknowledged again' });
  } finally {
    await system?.stop();
    await nc.close().catch(() => undefined);
    await cluster.remove();
    await pg.stop();
  }
});
process.exit(checks.close(reportPath('cluster'), { suite: 'cluster', ...runEnvironment() }));

/** SIGKILLs the node leading the stream; measures the election and the first acknowledged write after it, then restarts the node. */
async function killLeader(jsm: JetStreamManager, nodes: NatsNode[], probe: CommandClient): Promise<Failover> {
  const leaderOf = async (): Promise<string | undefined> => (await jsm.streams.info('ARTIFACTS')).cluster?.leader;
  const killed = (await leaderOf()) ?? '';
  const node = nodes.find((n) => n.name === killed);
  if (!node) throw new Error(`no node named ${killed}`);
  const at = Date.now();
  await node.kill();
  const resumed = probe.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: 'Probe', system: 'kube' } }).then(() => Date.now() - at);
  let newLeader = '';
  await waitUntil(async () => {
    newLeader = (await leaderOf()) ?? '';
    return newLeader !== '' && newLeader !== killed;
  }, 60_000, 'a new stream leader', 50);
  const electedMs = Date.now() - at;
  const writesResumedMs = await resumed;
  await node.start();
  // The next kill waits until every replica is current again, so R3 is whole before each failure.
  await waitUntil(async () => {
    const cluster = (await jsm.streams.info('ARTIFACTS')).cluster;
    return (cluster?.replicas ?? []).length === 2 && (cluster?.replicas ?? []).every((r) => r.current && !r.offline);
  }, 60_000, 'replicas current again', 200);
  return { killed, electedMs, writesResumedMs, newLeader };
}
