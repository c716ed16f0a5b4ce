import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eventOfType, startNatsFaultProxy } from '../../support/nats-fault-proxy.js';
import { checkLedger } from '../checker/event-ledger.check.js';
import { expectHonestReads, READERS, startConsistencyReaders } from '../checker/consistency-reads.js';
import { readStream } from '../checker/stream-reader.js';
import { checkAcknowledged, checkNoUnexpectedExits } from '../checker/verify-run.js';
import { checkUniqueness } from '../checker/uniqueness.check.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { CommandClient, type Reply, type SendOptions } from '../driver/http-client.js';
import { log, type Checks } from '../support/checks.js';
import { ROOT } from '../support/managed-process.js';
import { startNatsNode } from '../support/nats-nodes.js';
import { startSystem } from '../support/system.js';
import { delay } from '../support/wait.js';

const SKEW_MS = 90_000;
const VALUES = Number(process.env.RELIABILITY_SKEW_VALUES ?? 60);
const RACERS = 4;
/** How long command-service-2's create publishes take to reach nats-server (a slow link). */
const SLOW_APPEND_MS = 800;
const HEAD_START_MS = 500;

/**
 * No decision rests on another process's clock: command-service-1 runs with its wall clock 90 s ahead
 * (a preloaded module shifts Date in that process only; RESERVATION_GRACE is 60 s) and races
 * command-service-2 for the same aliases and account tuples. command-service-2 reaches nats-server
 * through a proxy that holds its create publishes for 800 ms, so its reservations stay unbacked
 * while its appends are in flight: a process that aged them by its own clock would take them over.
 * Each value must have exactly one winner.
 */
export async function clockSkew(checks: Checks): Promise<void> {
  const nats = await startNatsNode();
  const proxy = await startNatsFaultProxy(nats.url);
  const system = await startSystem({ natsUrl: nats.url, commandServices: 2, subscriber: false });
  try {
    const [ahead, slow] = system.commands;
    if (!ahead || !slow) throw new Error('two command services expected');
    await slow.kill();
    await slow.start(60_000, { NATS_URL: proxy.url });
    const isCatalog = eventOfType('catalog.PackageCreated');
    const isAccounts = eventOfType('accounts.PackageCreated');
    proxy.setDelay((publish) => isCatalog(publish) || isAccounts(publish), SLOW_APPEND_MS);
    await ahead.kill();
    const preload = join(ROOT, 'dist', 'test', 'reliability', 'support', 'skewed-clock.js');
    await ahead.start(60_000, { NODE_OPTIONS: `--import=${preload}`, CLOCK_SKEW_MS: String(SKEW_MS), RESERVATION_GRACE: '60s' });
    const ledger = new CommandLedger();
    const runId = randomBytes(3).toString('hex');
    const accountId = randomUUID();
    const urls = system.commandUrls;
    const started = Date.now();
    const answers: { value: string; process: number; reply: Reply | undefined }[] = [];
    const readers = startConsistencyReaders({ queryUrl: system.queryUrl, token: system.token, ledger, ...READERS });
    await Promise.all(
      Array.from({ length: VALUES }, async (_, n) => {
        const value = `skew-${runId}-${n}`;
        const create = n % 2 === 0 ? catalogCreate(value) : accountsCreate(accountId, value);
        await Promise.all(
          Array.from({ length: RACERS }, async (_, racer) => {
            const process = racer % 2;
            // Every third value, command-service-1 starts first, so the skewed process wins some values
            // and the check that its events carry its clock is never vacuous; the others are a fair race.
            if (n % 3 === 0 && process === 1) await delay(HEAD_START_MS);
            const client = new CommandClient({ baseUrls: [urls[process] as string], token: system.token, runId: `${runId}-${n}-${racer}`, ledger });
            answers.push({ value, process, reply: await client.send(create) });
          }),
        );
      }),
    );
    const staleReads = expectHonestReads(checks, await readers.stop(), 'during the race', 20);
    const events = await readStream(nats.url);
    const unique = await checkUniqueness(nats.url, events);
    const wins = new Map<string, number>();
    for (const { value, reply } of answers) if (reply?.status === 201) wins.set(value, (wins.get(value) ?? 0) + 1);
    const notOne = [...new Set(answers.map((a) => a.value))].filter((value) => wins.get(value) !== 1);
    const aheadWins = answers.filter((a) => a.process === 0 && a.reply?.status === 201).length;
    // Keys are `<run>-<value>-<racer>-1`; even racers sent to the skewed process.
    const created = events.filter((e) => e.type.endsWith('PackageCreated') && e.correlationid.startsWith(`${runId}-`));
    const byAhead = created.filter((e) => Number(e.correlationid.split('-')[2]) % 2 === 0);
    const skewSeen = byAhead.map((e) => Date.parse((e as unknown as { time: string }).time) - started);
    const skewed = skewSeen.filter((d) => d >= SKEW_MS - 1_000).length;
    log(`   clock skew: command-service-1 ${SKEW_MS / 1000} s ahead, command-service-2's create publishes held ${SLOW_APPEND_MS} ms; ${VALUES} values × ${RACERS} racers; command-service-1 won ${aheadWins}, command-service-2 ${VALUES - aheadWins}; ${skewed} events stamped by the skewed clock`);
    log(`   competing creates ${answers.length}, uniqueness violations ${unique.violations.length}, values without exactly one winner ${notOne.length}`);
    checks.expect('the skewed process really ran ahead (each event it wrote is stamped ≥ 89 s after the race began)', skewed > 0 && skewed === byAhead.length, skewSeen.slice(0, 5));
    checks.expect('each contested value has exactly one winner (201), the others 409', notOne.length === 0 && answers.every((a) => a.reply?.status === 201 || a.reply?.status === 409), notOne.slice(0, 10));
    checks.expect('no alias or tuple is held by two live packages (uniqueness violations = 0)', unique.violations.length === 0, unique.violations.slice(0, 10));
    checks.expect('every live alias and tuple has its reservation', unique.unreserved.length === 0, unique.unreserved.slice(0, 10));
    const found = checkLedger(ledger.records, events);
    checks.expect('every acknowledged create has its one event (lost = 0, duplicated = 0)', found.lost.length === 0 && found.duplicated.length === 0, { lost: found.lost.slice(0, 5), duplicated: found.duplicated.slice(0, 5) });
    checkAcknowledged(checks, ledger, () => true);
    checkNoUnexpectedExits(checks, system);
    const acknowledged = ledger.count('acked');
    checks.figures({ sent: ledger.count(), acknowledged, contested: ledger.count(), lost: found.lost.length, duplicated: found.duplicated.length, staleReads, recoverMs: undefined, recoverWhat: 'nothing crashes here: one process runs 90 s ahead' });
  } finally {
    await system.stop();
    await proxy.close();
    await nats.kill();
    await nats.remove();
  }
}

const catalogCreate = (alias: string): SendOptions => ({ kind: 'catalog.create', method: 'POST', path: '/packages', body: { title: `Raced ${alias}`, system: 'kube', aliases: [alias] } });

const accountsCreate = (accountId: string, name: string): SendOptions => ({
  kind: 'accounts.create',
  method: 'POST',
  path: `/accounts/${accountId}/core/v1/packages`,
  body: { type: 'application/astra-package', version: '1.0', packageName: name.slice(0, 31), packageVersion: '2.0.0', packageType: 'patch', severityLevel: 'recommended' },
});
