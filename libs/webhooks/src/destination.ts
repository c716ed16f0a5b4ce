import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';

export const MAX_URL_LENGTH = 2048;

/**
 * Addresses a webhook may not reach unless private destinations are allowed: this host, the
 * private and shared ranges, link-local (cloud metadata at 169.254.169.254), multicast and the
 * reserved blocks — IPv4, IPv6 and IPv4 mapped into IPv6.
 */
const NOT_PUBLIC = (() => {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
    ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
    ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ] as const) list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of [
    ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
  ] as const) list.addSubnet(network, prefix, 'ipv6');
  return list;
})();

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return !NOT_PUBLIC.check(mapped[1], 'ipv4');
  return !NOT_PUBLIC.check(address, 'ipv6');
}

export type DestinationPolicy = { allowPrivate: boolean };

/** Why a URL is refused, in words a client can act on. */
export class DestinationRefused extends Error {}

/** The host's name could not be looked up now (no answer in time, a resolver failure): neither refused nor allowed. */
export class DestinationUnresolvable extends Error {}

/** The shape rules of a webhook URL (SPEC §10): absolute, https — or http where private ones are allowed. */
export function checkWebhookUrl(text: string, policy: DestinationPolicy): URL {
  if (text.length > MAX_URL_LENGTH) throw new DestinationRefused(`url is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DestinationRefused('url is not an absolute URL');
  }
  const schemes = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new DestinationRefused(`url must use ${schemes.map((s) => s.slice(0, -1)).join(' or ')}`);
  if (url.username || url.password) throw new DestinationRefused('url must not carry credentials');
  if (url.hash) throw new DestinationRefused('url must not carry a fragment');
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(literal) && !policy.allowPrivate && !isPublicAddress(literal)) {
    throw new DestinationRefused('url points at a private, loopback or link-local address');
  }
  return url;
}

export type ResolvedDestination = { url: URL; address: string; family: 4 | 6 };
export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** How long a lookup may take before the destination counts as unresolvable for now. */
export const LOOKUP_TIMEOUT_MS = 5_000;

/** The resolver's answers that the name has no address: the URL is wrong, not the moment. */
const NO_SUCH_NAME = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * `lookup(host)` within `timeoutMs`. A name that does not exist is refused; a resolver that does not
 * answer in time or fails otherwise (EAI_AGAIN, SERVFAIL, …) leaves it unresolvable, as a retry may
 * succeed. (A getaddrinfo that hangs keeps its libuv thread until the system resolver gives up.)
 */
async function lookupWithin(lookup: Lookup, host: string, timeoutMs: number): Promise<{ address: string; family: number }[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DestinationUnresolvable(`${host} did not resolve within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([lookup(host), late]);
  } catch (err) {
    if (err instanceof DestinationUnresolvable) throw err;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && NO_SUCH_NAME.has(code)) throw new DestinationRefused(`${host} does not resolve`);
    throw new DestinationUnresolvable(`${host} could not be resolved now${typeof code === 'string' ? ` (${code})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves the host once and checks every address it resolves to; the delivery then connects to
 * the address checked here, so a DNS answer that changes between check and connect (rebinding)
 * cannot redirect it to a private address. A name without addresses is refused; a lookup without
 * an answer within `timeoutMs` is DestinationUnresolvable.
 */
export async function resolveDestination(
  url: URL,
  policy: DestinationPolicy,
  lookup: Lookup = systemLookup,
  timeoutMs = LOOKUP_TIMEOUT_MS,
): Promise<ResolvedDestination> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookupWithin(lookup, host, timeoutMs);
  const first = addresses[0];
  if (!first) throw new DestinationRefused(`${host} does not resolve`);
  if (!policy.allowPrivate && addresses.some(({ address }) => !isPublicAddress(address))) {
    throw new DestinationRefused(`${host} resolves to a private, loopback or link-local address`);
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A webhook URL → where its deliveries connect, checked as `resolveDestination` checks it. */
export type DestinationResolver = (url: string) => Promise<ResolvedDestination>;

/** URLs whose answers are kept at most: beyond it the cache starts over. */
const MAX_CACHED_DESTINATIONS = 10_000;

/**
 * `resolveDestination` per URL, its checked answer reused for `ttlMs` (0: resolved for every
 * delivery), so a delivery costs neither a URL parse nor a DNS lookup through libuv's small thread
 * pool; lookups of one URL at the same moment share one. A refused or failed resolution is never
 * kept: the next attempt resolves again. Every address used passed the check when it was resolved.
 */
export function cachingResolver(policy: DestinationPolicy, ttlMs: number, lookup: Lookup = systemLookup, now: () => number = Date.now): DestinationResolver {
  const cache = new Map<string, { until: number; destination: Promise<ResolvedDestination> }>();
  return (text) => {
    const at = now();
    const hit = cache.get(text);
    if (hit && at < hit.until) return hit.destination;
    const destination = Promise.resolve(text).then((url) => resolveDestination(new URL(url), policy, lookup));
    if (ttlMs > 0) {
      if (cache.size >= MAX_CACHED_DESTINATIONS) cache.clear();
      const entry = { until: at + ttlMs, destination };
      cache.set(text, entry);
      destination.catch(() => {
        if (cache.get(text) === entry) cache.delete(text);
      });
    }
    return destination;
  };
}
