// Real continuation tokens of every paged route, fetched as a client would: the fuzzer forges
// positions inside them (an attacker can decode base64url JSON as well as anyone).
import type { PageTokens } from '../generators/routes.js';
import { send } from './client.js';
import type { Fixtures } from './fixtures.js';
import { parseJson } from './invariants.js';
import type { System } from './system.js';

type Source = { key: keyof PageTokens; path: string; query: string; param: string; read: (body: Record<string, unknown>) => unknown };

export async function fetchPageTokens(system: System, fx: Fixtures): Promise<PageTokens> {
  const accounts = `/accounts/${fx.accountA}/core/v1/packages`;
  const catalog = (body: Record<string, unknown>) => body['continuation_token'];
  const astra = (body: Record<string, unknown>) => (body['metadata'] as Record<string, unknown> | undefined)?.['continue'];
  const sources: Source[] = [
    { key: 'catalogList', path: '/packages', query: 'page_size=1', param: 'continuation_token', read: catalog },
    { key: 'catalogList', path: '/packages', query: 'page_size=1&filter=system:helm', param: 'continuation_token', read: catalog },
    { key: 'catalogList', path: '/packages', query: 'page_size=1&q=argo', param: 'continuation_token', read: catalog },
    { key: 'versionSets', path: `/packages/${fx.pkg.id}/versionsets`, query: 'page_size=1', param: 'continuation_token', read: catalog },
    { key: 'history', path: `/packages/${fx.pkg.id}/history`, query: 'page_size=1', param: 'continuation_token', read: catalog },
    { key: 'accountsHistory', path: `${accounts}/${fx.packageA.id}/history`, query: 'limit=1', param: 'continue', read: astra },
    ...['', '&orderBy=packageVersion', '&orderBy=packageVersion%20desc', '&orderBy=packageName', '&orderBy=metadata.creationTimestamp%20desc', '&orderBy=id'].map(
      (order): Source => ({ key: 'accountsList', path: accounts, query: `limit=1${order}`, param: 'continue', read: astra }),
    ),
  ];
  const tokens: PageTokens = { catalogList: [], versionSets: [], history: [], accountsList: [], accountsHistory: [] };
  for (const source of sources) {
    const reply = await send(system.query.baseUrl, { endpoint: 'setup', service: 'query', method: 'GET', path: `${source.path}?${source.query}`, headers: { authorization: fx.admin } });
    const token = source.read((parseJson(reply.text) ?? {}) as Record<string, unknown>);
    if (typeof token !== 'string') throw new Error(`no page token from ${source.path}?${source.query}: ${reply.status} ${reply.text.slice(0, 300)}`);
    tokens[source.key].push({ query: source.query, param: source.param, token });
  }
  return tokens;
}
