import type { KV } from '@nats-io/kv';
import { generateSecret } from './signature.js';

/**
 * Webhook secrets live in a KV bucket of their own, never in the event stream, its read models or
 * the logs: the stream says only that a secret was rotated and until when the old one signs.
 */
type Stored = { current: string; previous?: string; previous_valid_until?: string; rotation?: string };

export type WebhookSecrets = {
  /** A new secret for a new webhook; a second call for the same id answers the one already issued. */
  issue(id: string): Promise<string>;
  /**
   * A new current secret; the old one keeps signing until `previousValidUntil`. `rotation` names the
   * rotation (its event): a repeated call with the same name answers the secret that one made.
   */
  rotate(id: string, previousValidUntil: string, rotation?: string): Promise<string>;
  /** The secrets that sign a delivery at `now`: the current one, and the previous one during its overlap. */
  signing(id: string, now: number): Promise<string[]>;
  remove(id: string): Promise<void>;
};

const MAX_ROTATE_ATTEMPTS = 5;

const signingAt = (stored: Stored, now: number): string[] => {
  const { current, previous, previous_valid_until: until } = stored;
  return previous && until && now < Date.parse(until) ? [current, previous] : [current];
};

export function createWebhookSecrets(kv: KV): WebhookSecrets {
  const read = async (id: string): Promise<{ value: Stored; revision: number } | undefined> => {
    const entry = await kv.get(id);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return { value: entry.json<Stored>(), revision: entry.revision };
  };
  const encode = (value: Stored) => JSON.stringify(value);

  return {
    async issue(id) {
      const secret = generateSecret();
      try {
        await kv.create(id, encode({ current: secret }));
        return secret;
      } catch (error) {
        const existing = await read(id);
        if (existing) return existing.value.current;
        throw error;
      }
    },
    async rotate(id, previousValidUntil, rotation) {
      // Compare and set on the revision: two rotations at once both succeed in turn, never lose one.
      for (let attempt = 1; attempt <= MAX_ROTATE_ATTEMPTS; attempt++) {
        const existing = await read(id);
        if (!existing) throw new Error(`webhook ${id} has no secret`);
        if (rotation !== undefined && existing.value.rotation === rotation) return existing.value.current;
        const next: Stored = { current: generateSecret(), previous: existing.value.current, previous_valid_until: previousValidUntil, ...(rotation !== undefined && { rotation }) };
        try {
          await kv.update(id, encode(next), existing.revision);
          return next.current;
        } catch (error) {
          if (attempt === MAX_ROTATE_ATTEMPTS) throw error;
        }
      }
      throw new Error('unreachable');
    },
    async signing(id, now) {
      const existing = await read(id);
      return existing ? signingAt(existing.value, now) : [];
    },
    async remove(id) {
      await kv.purge(id);
    },
  };
}

/**
 * The delivery engine's view of the secrets: the bucket watched into memory, so a delivery signs
 * without a round trip, and a rotation is seen as soon as the bucket has it. A webhook the watch has
 * not brought yet is read directly.
 */
export async function watchWebhookSecrets(kv: KV): Promise<Pick<WebhookSecrets, 'signing'> & { stop(): void }> {
  const known = new Map<string, Stored | null>();
  const watch = await kv.watch();
  void (async () => {
    for await (const entry of watch) known.set(entry.key, entry.operation === 'PUT' ? entry.json<Stored>() : null);
  })().catch(() => undefined);
  return {
    async signing(id, now) {
      let stored = known.get(id);
      if (stored === undefined) {
        const entry = await kv.get(id);
        stored = entry?.operation === 'PUT' ? entry.json<Stored>() : null;
        if (!known.has(id)) known.set(id, stored);
      }
      return stored ? signingAt(stored, now) : [];
    },
    stop: () => watch.stop(),
  };
}
