import type { KV } from '@nats-io/kv';

/** One attempt as `GET …/webhooks/{id}/deliveries` shows it (SPEC §10). */
export type DeliveryRecord = {
  event_id: string;
  type: string;
  /** Stream position of the event. */
  position: number;
  /** When the attempt started. */
  time: string;
  /** 1 for the first attempt at this event. */
  attempt: number;
  status?: number;
  error?: string;
  duration_ms: number;
  outcome: 'delivered' | 'failed' | 'dead-lettered';
};

/** How many attempts per webhook the log keeps: the latest ones, newest first. */
export const DELIVERIES_KEPT = 100;

/**
 * The bounded deliveries log: one KV entry per webhook holding its latest attempts. Only the
 * delivery engine that holds the lease writes it, so it keeps each webhook's list in memory and
 * writes it whole, at most every `flushMs` per webhook (the log is for people: a crash loses at most
 * that much of it, never a delivery); a new leader starts from what the bucket holds.
 */
export type DeliveriesLog = {
  record(webhookId: string, attempt: DeliveryRecord): Promise<void>;
  latest(webhookId: string): Promise<DeliveryRecord[]>;
  forget(webhookId: string): Promise<void>;
  /** Writes what is still pending (a graceful stop). */
  flush(): Promise<void>;
};

export function createDeliveriesLog(kv: KV, options: { kept?: number; flushMs?: number } = {}): DeliveriesLog {
  const kept = options.kept ?? DELIVERIES_KEPT;
  const flushMs = options.flushMs ?? 200;
  const lists = new Map<string, DeliveryRecord[]>();
  const timers = new Map<string, NodeJS.Timeout>();
  const loading = new Map<string, Promise<DeliveryRecord[]>>();
  const read = async (webhookId: string): Promise<DeliveryRecord[]> => {
    const entry = await kv.get(webhookId);
    return entry && entry.operation === 'PUT' ? entry.json<DeliveryRecord[]>() : [];
  };
  const flush = async (webhookId: string): Promise<void> => {
    clearTimeout(timers.get(webhookId));
    timers.delete(webhookId);
    const list = lists.get(webhookId);
    if (list) await kv.put(webhookId, JSON.stringify(list)).catch(() => undefined);
  };
  return {
    async record(webhookId, attempt) {
      if (!lists.has(webhookId)) {
        // Read once however many attempts arrive meanwhile; each is prepended after it.
        let load = loading.get(webhookId);
        if (!load) loading.set(webhookId, (load = read(webhookId).finally(() => loading.delete(webhookId))));
        const stored = await load;
        if (!lists.has(webhookId)) lists.set(webhookId, stored);
      }
      // In place, newest first: a copy of the whole list per attempt cost more than the attempt's bookkeeping.
      const list = lists.get(webhookId) ?? [];
      list.unshift(attempt);
      if (list.length > kept) list.length = kept;
      lists.set(webhookId, list);
      if (!timers.has(webhookId)) timers.set(webhookId, setTimeout(() => void flush(webhookId), flushMs));
    },
    latest: read,
    async forget(webhookId) {
      clearTimeout(timers.get(webhookId));
      timers.delete(webhookId);
      lists.delete(webhookId);
      await kv.purge(webhookId);
    },
    async flush() {
      await Promise.all([...timers.keys()].map(flush));
    },
  };
}
