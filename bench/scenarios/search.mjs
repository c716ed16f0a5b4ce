// The §9 search and as_of rows: `GET /packages?q=` over 100 k packages and `GET /packages/{id}/?as_of=`
// on an aggregate of 1 000 events, on a caught-up projection service, closed loop. Own nats-server,
// so the stream holds exactly this corpus.
import { runWorker } from '../lib/child.mjs';
import { attempt, log } from '../lib/context.mjs';
import { startNats } from '../lib/infra.mjs';
import { projectOnce } from './catch-up.mjs';
import { cannon } from './ceilings.mjs';

const STREAM = 'ARTIFACTS';
const PACKAGES = 100_000;
const HISTORY_EVENTS = 1_000;
/** A page of search results as a catalog UI asks for one (Artifact Hub shows 20). */
export const SEARCH_PAGE_SIZE = 20;
/** Paths each load draws from at random (the worker's argv carries them). */
const PATHS = 400;

export async function searchAndAsOf(cfg, env) {
  const nats = await startNats();
  let system;
  try {
    log(`search/as_of: publishing ${PACKAGES} packages and one aggregate of ${HISTORY_EVENTS} events`);
    const corpus = await runWorker('load/search-fixture.worker.mjs', { natsUrl: nats.url, stream: STREAM, packages: PACKAGES, historyEvents: HISTORY_EVENTS }, { timeoutMs: 30 * 60_000 });
    log('search/as_of: projecting');
    system = await projectOnce(cfg, env, nats.url, corpus.lastSeq);
    const load = (kind, paths) => attempt(kind, async () => {
      const probe = await fetch(`${system.service.url}${paths[0]}`, { headers: { authorization: `Bearer ${env.token}` } });
      if (probe.status !== 200) throw new Error(`${paths[0]} answered ${probe.status}`);
      log(`ours: ${kind}`);
      return cannon(cfg, { url: system.service.url, token: env.token, pid: system.service.pid, connections: cfg.searchConnections, kind: 'paths', paths });
    });
    const search = await load('search', corpus.queries.map((q) => `/packages?q=${encodeURIComponent(q)}&page_size=${SEARCH_PAGE_SIZE}`));
    const asOf = await load('as_of', asOfPaths(corpus.history));
    // The plainest read on the same service, same connections: what the machine allows right now.
    const getById = await load('get by id (same service)', [`/packages/${corpus.history.id}/`]);
    return { corpus: { packages: PACKAGES, historyEvents: HISTORY_EVENTS, words: corpus.words, catchUp: system.result }, search, asOf, getById };
  } finally {
    await system?.stop();
    await nats.stop();
  }
}

/** Half by stream position, half by time, spread over the whole aggregate (each folds up to 1 000 events). */
function asOfPaths({ id, firstSeq, lastSeq, firstTime, lastTime }) {
  const [t0, t1] = [Date.parse(firstTime), Date.parse(lastTime)];
  return Array.from({ length: PATHS }, (_, i) => {
    const f = (i + 0.5) / PATHS;
    const point = i % 2 === 0 ? String(Math.round(firstSeq + f * (lastSeq - firstSeq))) : new Date(t0 + f * (t1 - t0)).toISOString();
    return `/packages/${id}/?as_of=${encodeURIComponent(point)}`;
  });
}

