import { randomBytes, randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../../libs/domain/src/event-meta.js';
import { expectHonestReads, READERS, startConsistencyReaders } from '../checker/consistency-reads.js';
import { readCheckpoint } from '../checker/settle.js';
import { readStream } from '../checker/stream-reader.js';
import { verifyRun } from '../checker/verify-run.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { accountsSubject, catalogSubject, CommandClient, type Reply, type SendOptions } from '../driver/http-client.js';
import { accountsScenario, catalogScenario } from '../driver/workloads.js';
import { log, type Checks } from '../support/checks.js';
import { startNatsNode } from '../support/nats-nodes.js';
import { startSystem, type System } from '../support/system.js';

/**
 * The two ambiguous moments of §6, each forced by a failpoint in a real process:
 * the command service dies between the JetStream ack and its HTTP reply (the client retries with
 * its key on the other process), and the projector dies between its database commit and its ack.
 */
export async function ambiguousFailures(checks: Checks): Promise<void> {
  const nats = await startNatsNode();
  const system = await startSystem({ natsUrl: nats.url, commandServices: 2, subscriber: false, projectionEnv: { PROJECTOR_BATCH_SIZE: '25' } });
  try {
    const ledger = new CommandLedger();
    const readers = startConsistencyReaders({ queryUrl: system.queryUrl, token: system.token, ledger, ...READERS });
    await crashBetweenAckAndReply(checks, system, ledger, nats.url);
    await crashBetweenCommitAndAck(checks, system, ledger);
    const staleReads = expectHonestReads(checks, await readers.stop(), 'through both crashes', 100);
    const figures = await verifyRun(checks, nats.url, system, ledger);
    log(`   commands ${figures.sent}, acknowledged ${figures.acknowledged}, events ${figures.eventsFound}, lost ${figures.lost}, duplicated ${figures.duplicated}`);
    checks.figures({ ...figures, staleReads, recoverMs: figures.settleMs, recoverWhat: 'from the last crash to read models at the stream end' });
  } finally {
    await system.stop();
    await nats.kill();
    await nats.remove();
  }
}

async function crashBetweenAckAndReply(checks: Checks, system: System, ledger: CommandLedger, natsUrl: string): Promise<void> {
  const [victim, survivor] = system.commands;
  const [victimUrl, survivorUrl] = system.commandUrls as [string, string];
  if (!victim || !survivor) throw new Error('two command services expected');
  victim.supervised = false;
  const runId = randomBytes(3).toString('hex');
  const direct = new CommandClient({ baseUrls: [survivorUrl], token: system.token, runId: `${runId}-setup`, ledger });
  const pkg = (await direct.send({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: 'Ambiguous', system: 'helm' } }))?.body?.id as string;
  const account = randomUUID();
  const account201 = await direct.send({ kind: 'accounts.create', method: 'POST', path: `/accounts/${account}/core/v1/packages`, body: bundle('ambiguous') });
  const commands = ambiguousCommands(pkg, account, account201);
  await victim.kill();
  let crashed = 0;
  const replies: { key: string; reply: Reply | undefined; create: boolean }[] = [];
  for (const [i, command] of commands.entries()) {
    // Without its verifier, only this command's append can fire the failpoint.
    await victim.start(60_000, { FAILPOINTS: 'crash-after-append', VERIFIER_ENABLED: 'false' });
    // First attempt to the process that dies after its append; the retry (same key) to the other one.
    const client = new CommandClient({ baseUrls: [victimUrl, survivorUrl], token: system.token, runId: `${runId}-${i}`, ledger });
    const key = `${runId}-amb-${i}`;
    replies.push({ key, reply: await client.send({ ...command, key }), create: command.kind === 'catalog.create' || command.kind === 'accounts.create' });
    await victim.exited();
    if (!victim.running) crashed++;
  }
  await victim.kill();
  victim.supervised = true;
  await victim.start();
  const events = (await readStream(natsUrl)).filter((e) => e.actor !== SYSTEM_ACTOR);
  const twice = replies.filter(({ key }) => events.filter((e) => e.correlationid === key).length !== 1);
  const wrongIds = replies.filter(({ key, reply, create }) => create && !events.some((e) => e.correlationid === key && e.subject.endsWith(String(reply?.body?.id))));
  log(`   crash-after-append: ${crashed} of ${commands.length} first attempts killed their process after the append; every retry went to the other process`);
  const records = ledger.byKey();
  const unanswered = replies.filter(({ key }) => (records.get(key)?.ambiguous ?? 0) >= 1).length;
  checks.expect('the failpoint killed the command service after its append, before it answered', crashed === commands.length && unanswered === commands.length, `${crashed} killed, ${unanswered} unanswered of ${commands.length}`);
  checks.expect('each retried command answered 2xx', replies.every(({ reply }) => reply !== undefined && reply.status < 300), replies.map((r) => r.reply?.status));
  checks.expect('each retried command has exactly one event', twice.length === 0, twice.map((r) => r.key));
  checks.expect('a retried create answers with the id of the aggregate the first attempt appended', wrongIds.length === 0, wrongIds.map((r) => r.key));
}

function ambiguousCommands(pkg: string, account: string, created: Reply | undefined): Omit<SendOptions, 'key'>[] {
  const resource = created?.body ?? {};
  const accountPath = `/accounts/${account}/core/v1/packages`;
  const catalog = { subject: catalogSubject(pkg) };
  const accounts = { subject: accountsSubject(account, String(resource.id)) };
  const put = (n: number): Omit<SendOptions, 'key'> => ({
    kind: 'accounts.put',
    method: 'PUT',
    path: `${accountPath}/${String(resource.id)}`,
    ...accounts,
    body: { ...resource, packageState: 'available', packageStateDetails: [], metadata: { labels: [{ name: 'n', value: String(n) }] } },
  });
  return [
    { kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: 'Created across a crash', system: 'kube', aliases: [`amb-${randomBytes(3).toString('hex')}`] } },
    { kind: 'catalog.update', method: 'PUT', path: `/packages/${pkg}/`, body: { title: 'Updated across a crash', system: 'helm' }, ...catalog },
    { kind: 'versionset.create', method: 'POST', path: `/packages/${pkg}/versionsets`, body: { version_constraint: '>=1.0.0 <2.0.0' }, ...catalog },
    { kind: 'versionset.update', method: 'PUT', path: `/packages/${pkg}/versionsets/1/`, body: { version_constraint: '>=1.0.0 <1.5.0' }, ...catalog },
    { kind: 'component.create', method: 'POST', path: `/packages/${pkg}/versionsets/1/components`, body: { name: 'controller', title: 'Controller', primary: true }, ...catalog },
    { kind: 'component.update', method: 'PUT', path: `/packages/${pkg}/versionsets/1/components/controller/`, body: { name: 'controller', title: 'Across a crash', primary: true }, ...catalog },
    { kind: 'release.create', method: 'POST', path: `/packages/${pkg}/releases`, body: { version: 'v1.2.0' }, ...catalog },
    { kind: 'release.update', method: 'PUT', path: `/packages/${pkg}/releases/1.2.0/`, body: { version: 'v1.2.0', changes: [{ kind: 'added', description: 'Across a crash' }] }, ...catalog },
    { kind: 'release.delete', method: 'DELETE', path: `/packages/${pkg}/releases/v1.2.0/`, ...catalog },
    { kind: 'component.delete', method: 'DELETE', path: `/packages/${pkg}/versionsets/1/components/controller/`, ...catalog },
    { kind: 'versionset.delete', method: 'DELETE', path: `/packages/${pkg}/versionsets/1/`, ...catalog },
    { kind: 'accounts.create', method: 'POST', path: accountPath, body: bundle('across-a-crash') },
    put(1),
    put(2),
    { kind: 'accounts.delete', method: 'DELETE', path: `${accountPath}/${String(resource.id)}`, ...accounts },
    { kind: 'catalog.delete', method: 'DELETE', path: `/packages/${pkg}/`, ...catalog },
  ];
}

const bundle = (name: string): Record<string, unknown> => ({
  type: 'application/astra-package',
  version: '1.0',
  packageName: name.slice(0, 31),
  packageVersion: '1.0.0',
  packageType: 'install',
  severityLevel: 'critical',
});

/** The projector commits one batch and is SIGKILLed before acking it, again and again; then runs normally. */
async function crashBetweenCommitAndAck(checks: Checks, system: System, ledger: CommandLedger): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const [url] = system.commandUrls as [string];
  const lanes = Array.from({ length: 8 }, (_, lane) => ({ client: new CommandClient({ baseUrls: [url], token: system.token, runId: `${runId}-${lane}`, ledger }), lane, runId, accountId: randomUUID() }));
  const round = (n: number): Promise<unknown> => Promise.all(lanes.map((lane) => (lane.lane % 2 === 0 ? catalogScenario(lane, n) : accountsScenario(lane, n))));
  // A backlog, so that every failpoint run below has a batch to commit.
  await system.projection.kill();
  for (let n = 0; n < 5; n++) await round(n);
  const before = await readCheckpoint(system.databaseUrl);
  let crashes = 0;
  for (let i = 0; i < 8; i++) {
    if (await system.projection.runUntilExit({ FAILPOINTS: 'crash-after-commit' }, 30_000)) crashes++;
    if (i % 2 === 0) await round(5 + i);
  }
  const after = await readCheckpoint(system.databaseUrl);
  await system.projection.start();
  log(`   crash-after-commit: ${crashes} projector processes killed between commit and ack; checkpoint ${before} → ${after} across them`);
  checks.expect('the projector died after each commit, before acking', crashes === 8, crashes);
  checks.expect('each of those commits stayed (the checkpoint moved)', after > before, `${before} → ${after}`);
}
