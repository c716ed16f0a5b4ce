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
  /** Until when this process's last renewal holds: a bucket that does not answer meanwhile changes nothing. */
  let heldUntil = 0;
  const hold = () => {
    const until = Date.now() + ttlMs;
    return { value: JSON.stringify({ owner, until } satisfies Held), until };
  };
  return {
    async tryHold() {
      let entry;
      try {
        entry = await kv.get(key);
      } catch {
        return Date.now() < heldUntil;
      }
      try {
        const next = hold();
        if (!entry || entry.operation !== 'PUT') await kv.create(key, next.value);
        else {
          const held = entry.json<Held>();
          if (held.owner !== owner && held.until > Date.now()) {
            heldUntil = 0;
            return false;
          }
          await kv.update(key, next.value, entry.revision);
        }
        heldUntil = next.until;
        return true;
      } catch {
        // Another process renewed or took it first: not ours this round.
        heldUntil = 0;
        return false;
      }
    },
    async release() {
      const entry = await kv.get(key).catch(() => null);
      if (entry?.operation === 'PUT' && entry.json<Held>().owner === owner) await kv.update(key, JSON.stringify({ owner, until: 0 }), entry.revision).catch(() => undefined);
    },
  };
}
