import { randomBytes, randomUUID } from 'node:crypto';
import { eventOfType, startNatsFaultProxy, type Publish } from '../../support/nats-fault-proxy.js';
import { expectHonestReads, READERS, startConsistencyReaders } from '../checker/consistency-reads.js';
import { readStream } from '../checker/stream-reader.js';
import { checkUniqueness } from '../checker/uniqueness.check.js';
import { verifyRun } from '../checker/verify-run.js';
import { CommandLedger } from '../driver/command-ledger.js';
import { CommandClient, type SendOptions } from '../driver/http-client.js';
import { log, type Checks } from '../support/checks.js';
import { startNatsNode } from '../support/nats-nodes.js';
import { startSystem } from '../support/system.js';
import { delay, randomInt } from '../support/wait.js';

const CUTS_PER_FAMILY = Number(process.env.RELIABILITY_LOST_ACKS ?? 50);
const LANES = 10;

/**
 * §4.1 / §5.1 uniqueness when an append's outcome is unknown. command-service-1 reaches NATS through
 * a fault proxy that forwards each create's first publish and drops the connection before the ack
 * (the event is stored; the service cannot know). Each such create races a competing create of the
 * same alias or tuple on command-service-2, and the driver retries it with its key, alternating
 * between the processes. The checker then reads the stream and the reservation buckets itself.
 */
export async function lostAcks(checks: Checks): Promise<void> {
  const nats = await startNatsNode();
  const proxy = await startNatsFaultProxy(nats.url);
  const system = await startSystem({ natsUrl: nats.url, commandServices: 2, subscriber: false });
  try {
    const [proxied] = system.commands;
    if (!proxied) throw new Error('two command services expected');
    await proxied.kill();
    await proxied.start(60_000, { NATS_URL: proxy.url });
    const cut = cutOncePerEvent();
    proxy.setCut(cut.rule);
    const ledger = new CommandLedger();
    const runId = randomBytes(3).toString('hex');
    const [proxiedUrl, directUrl] = system.commandUrls as [string, string];
    const client = (name: string, urls: string[]) => new CommandClient({ baseUrls: urls, token: system.token, runId: `${runId}-${name}`, ledger });
    let competing = 0;
    const accountId = randomUUID();
    const readers = startConsistencyReaders({ queryUrl: system.queryUrl, token: system.token, ledger, ...READERS });
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const first = client(`l${lane}`, [proxiedUrl, directUrl]);
        const rival = client(`r${lane}`, [directUrl, proxiedUrl]);
        for (let round = 0; cut.count('catalog') < CUTS_PER_FAMILY || cut.count('accounts') < CUTS_PER_FAMILY; round++) {
          if (round > CUTS_PER_FAMILY * 4) break;
          const family = cut.count('catalog') <= cut.count('accounts') ? 'catalog' : 'accounts';
          const create = family === 'catalog' ? catalogCreate(`cut-${runId}-${lane}-${round}`) : accountsCreate(accountId, `cut-${runId}-${lane}-${round}`);
          competing++;
          // The rival mostly arrives while the first create is in limbo (published, no ack, no answer yet).
          await Promise.all([first.send(create), delay(randomInt(20, 1500)).then(() => rival.send(create))]);
        }
      }),
    );
    proxy.setCut(undefined);
    const staleReads = expectHonestReads(checks, await readers.stop(), 'while acks were cut', 100);
    // Every create races a rival for its alias or tuple: one of each pair is meant to lose.
    const figures = await verifyRun(checks, nats.url, system, ledger, { contested: () => true });
    checks.figures({ ...figures, staleReads, recoverMs: figures.settleMs, recoverWhat: 'from the last cut ack to read models at the stream end' });
    const unique = await checkUniqueness(nats.url, await readStream(nats.url));
    const ambiguous = ledger.records.filter((r) => r.kind.endsWith('.create') && r.ambiguous > 0).length;
    log(`   lost acks: cut ${cut.count('catalog')} catalog and ${cut.count('accounts')} account creates after the publish reached nats-server, before the ack`);
    log(`   ambiguous creates ${ambiguous}, competing creates ${competing}, acknowledged ${figures.acknowledged}, refused ${figures.refused}`);
    log(`   live aliases ${unique.liveAliases}, live tuples ${unique.liveTuples}; uniqueness violations ${unique.violations.length}, unreserved ${unique.unreserved.length}, lost ${figures.lost}, duplicated ${figures.duplicated}`);
    checks.expect(`at least ${CUTS_PER_FAMILY} creates of each family lost their ack`, cut.count('catalog') >= CUTS_PER_FAMILY && cut.count('accounts') >= CUTS_PER_FAMILY, cut.counts);
    checks.expect('no alias or tuple is held by two live packages (uniqueness violations = 0)', unique.violations.length === 0, unique.violations.slice(0, 10));
    checks.expect('every live alias and tuple in the stream has its reservation', unique.unreserved.length === 0, unique.unreserved.slice(0, 10));
    checks.expect('each contested value went to exactly one create', figures.acknowledged === competing, `${figures.acknowledged} acknowledged of ${competing} values`);
    checks.expect('the driver got a definite answer to every command', figures.unknown === 0, figures.unknown);
  } finally {
    await system.stop();
    await proxy.close();
    await nats.kill();
    await nats.remove();
  }
}

/** The first publish of each create event (by its msg id) is cut; a retry of the same event goes through. */
function cutOncePerEvent() {
  const seen = new Set<string>();
  const counts = { catalog: 0, accounts: 0 };
  const isCatalog = eventOfType('catalog.PackageCreated');
  const isAccounts = eventOfType('accounts.PackageCreated');
  const rule = (publish: Publish): boolean => {
    const family = isCatalog(publish) ? 'catalog' : isAccounts(publish) ? 'accounts' : undefined;
    const id = /nats-msg-id:\s*(\S+)/i.exec(publish.frame.toString('latin1'))?.[1];
    if (!family || !id || seen.has(id)) return false;
    seen.add(id);
    counts[family]++;
    return true;
  };
  return { rule, counts, count: (family: 'catalog' | 'accounts') => counts[family] };
}

const catalogCreate = (alias: string): SendOptions => ({
  kind: 'catalog.create',
  method: 'POST',
  path: '/packages',
  body: { title: `Contested ${alias}`, system: 'helm', aliases: [alias] },
});

const accountsCreate = (accountId: string, name: string): SendOptions => ({
  kind: 'accounts.create',
  method: 'POST',
  path: `/accounts/${accountId}/core/v1/packages`,
  body: { type: 'application/astra-package', version: '1.0', packageName: name.slice(0, 31), packageVersion: '1.0.0', packageType: 'install', severityLevel: 'critical' },
});
