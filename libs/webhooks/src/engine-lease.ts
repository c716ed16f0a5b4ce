import type { KV } from '@nats-io/kv';

/**
 * Which process runs the delivery engine: the holder of one KV entry, renewed by compare and set on
 * its revision. Another process takes it over once it has not been renewed for `ttlMs` (its clock
 * against the holder's: a skew shortens or lengthens the gap, never gives two holders for long, and
 * a second holder would only deliver some events twice — delivery is at least once anyway).
 */
export type Lease = { tryHold(): Promise<boolean>; release(): Promise<void> };

type Held = { owner: string; until: number };

export function createLease(kv: KV, key: string, owner: string, ttlMs: number): Lease {
  const value = () => JSON.stringify({ owner, until: Date.now() + ttlMs } satisfies Held);
  return {
    async tryHold() {
      try {
        const entry = await kv.get(key);
        if (!entry || entry.operation !== 'PUT') {
          await kv.create(key, value());
          return true;
        }
        const held = entry.json<Held>();
        if (held.owner !== owner && held.until > Date.now()) return false;
        await kv.update(key, value(), entry.revision);
        return true;
      } catch {
        // A lost race or an unreachable bucket: not held this round.
        return false;
      }
    },
    async release() {
      const entry = await kv.get(key).catch(() => null);
      if (entry?.operation === 'PUT' && entry.json<Held>().owner === owner) await kv.update(key, JSON.stringify({ owner, until: 0 }), entry.revision).catch(() => undefined);
    },
  };
}
