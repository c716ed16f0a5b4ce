// `npm run test:cluster`: the stream at R3 on a 3-node NATS cluster (loopback); under load the stream
// leader is SIGKILLed, then the idempotency and alias buckets' leaders, then the stream leader is
// SIGSTOPped for 10 s; writes resume after each fault, nothing acknowledged is lost, and reads with a
// consistency token meanwhile answer the written state or 503, never an older one.
import { randomBytes, randomUUID } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { expectHonestReads, READERS, startConsistencyReaders } from '../checker/consistency-reads.js';
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

const FREEZE_MS = 10_000;

type Fault = { stream: string; how: 'kill' | 'freeze' };
type Failover = Fault & { killed: string; electedMs: number | undefined; writesResumedMs: number; newLeader: string };

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
    // Reads with each write's consistency token while the leaders fail: the written state or a 503, never older.
    const readers = startConsistencyReaders({ queryUrl: system.queryUrl, token: system.token, ledger, ...READERS });
    const failovers: Failover[] = [];
    // The stream leader SIGKILLed, then the leaders of the idempotency and alias buckets (every create
    // writes both), then the stream leader SIGSTOPped for 10 s.
    const faults: Fault[] = [
      ...Array.from({ length: LEADER_KILLS }, (): Fault => ({ stream: 'ARTIFACTS', how: 'kill' })),
      { stream: 'KV_ARTIFACTS_idempotency', how: 'kill' },
      { stream: 'KV_ARTIFACTS_aliases', how: 'kill' },
      { stream: 'ARTIFACTS', how: 'freeze' },
    ];
    for (const fault of faults) {
      await delay(3000);
      failovers.push(await failLeader(jsm, cluster.nodes, probe, fault));
    }
    await work;
    const reads = await readers.stop();
    // After the SIGSTOP the JetStream meta layer may still be electing: the checker's own clients need it.
    await waitUntil(async () => Boolean(await (await jetstreamManager(nc, { timeout: 1000 })).getAccountInfo()), 60_000, 'JetStream answering again', 200);
    const figures = await verifyRun(checks, cluster.urls, system, ledger);
    for (const f of failovers) {
      const what = f.how === 'kill' ? 'SIGKILLed' : `SIGSTOPped ${FREEZE_MS / 1000} s`;
      const elected = f.electedMs === undefined ? '' : `new leader ${f.newLeader} after ${f.electedMs} ms, `;
      log(`   ${what} the leader of ${f.stream} (${f.killed}): ${elected}writes acknowledged again after ${f.writesResumedMs} ms`);
    }
    log(`   commands sent ${figures.sent}, acknowledged ${figures.acknowledged}, refused ${figures.refused}, gave up ${figures.unknown}; events ${figures.eventsFound}, lost ${figures.lost}, duplicated ${figures.duplicated}`);
    const elections = failovers.flatMap((f) => (f.electedMs === undefined ? [] : [f.electedMs]));
    const staleReads = expectHonestReads(checks, reads, 'during the leader faults', 500);
    log(`   election median ${quantile(elections, 0.5)} ms; writes resumed median ${quantile(failovers.map((f) => f.writesResumedMs), 0.5)} ms`);
    checks.expect(`the stream leader was killed ${LEADER_KILLS} times, each bucket's leader once, and writes resumed each time`, failovers.filter((f) => f.how === 'kill').length === LEADER_KILLS + 2 && failovers.every((f) => f.writesResumedMs < 60_000), failovers);
    const frozen = failovers.find((f) => f.how === 'freeze');
    checks.expect(`writes resumed within 30 s of the stream leader's ${FREEZE_MS / 1000} s SIGSTOP`, frozen !== undefined && frozen.writesResumedMs < FREEZE_MS + 30_000, frozen);
    checks.expect('the driver got a definite answer to every command', figures.unknown === 0, figures.unknown);
    checks.figures({ ...figures, staleReads, recoverMs: Math.max(0, ...failovers.map((f) => f.writesResumedMs)), recoverWhat: 'slowest leader fault until writes were acknowledged again (the SIGSTOP one includes its 10 s)' });
  } finally {
    await system?.stop();
    await nc.close().catch(() => undefined);
    await cluster.remove();
    await pg.stop();
  }
});
process.exit(checks.close(reportPath('cluster'), { suite: 'cluster', ...runEnvironment() }));

/**
 * SIGKILLs (then restarts) or SIGSTOPs for FREEZE_MS (then continues) the node leading `stream`; measures
 * the election (for a kill) and the first acknowledged write after the fault, then waits until every
 * replica is current again, so R3 is whole before the next fault.
 */
async function failLeader(jsm: JetStreamManager, nodes: NatsNode[], probe: CommandClient, fault: Fault): Promise<Failover> {
  const leaderOf = async (): Promise<string | undefined> => (await jsm.streams.info(fault.stream)).cluster?.leader;
  const killed = (await leaderOf()) ?? '';
  const node = nodes.find((n) => n.name === killed);
  if (!node) throw new Error(`no node named ${killed} leads ${fault.stream}`);
  const at = Date.now();
  const body = { title: 'Probe', system: 'kube', aliases: [`probe-${randomBytes(4).toString('hex')}`] };
  let electedMs: number | undefined;
  let newLeader = '';
  let resumed: Promise<number>;
  if (fault.how === 'kill') {
    await node.kill();
    resumed = probe.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body }).then(() => Date.now() - at);
    await waitUntil(async () => {
      newLeader = (await leaderOf()) ?? '';
      return newLeader !== '' && newLeader !== killed;
    }, 60_000, `a new leader of ${fault.stream}`, 50);
    electedMs = Date.now() - at;
  } else {
    node.freeze();
    resumed = probe.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body }).then(() => Date.now() - at);
    await delay(FREEZE_MS);
    node.thaw();
  }
  const writesResumedMs = await resumed;
  if (fault.how === 'kill') await node.start();
  await waitUntil(async () => {
    const cluster = (await jsm.streams.info(fault.stream)).cluster;
    return (cluster?.replicas ?? []).length === 2 && (cluster?.replicas ?? []).every((r) => r.current && !r.offline);
  }, 60_000, `${fault.stream} replicas current again`, 200);
  return { ...fault, killed, electedMs, writesResumedMs, newLeader };
}
