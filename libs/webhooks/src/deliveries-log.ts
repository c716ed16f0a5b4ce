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
 * puts it whole; a new leader starts from what the bucket holds.
 */
export type DeliveriesLog = {
  record(webhookId: string, attempt: DeliveryRecord): Promise<void>;
  latest(webhookId: string): Promise<DeliveryRecord[]>;
  forget(webhookId: string): Promise<void>;
};

export function createDeliveriesLog(kv: KV, kept = DELIVERIES_KEPT): DeliveriesLog {
  const lists = new Map<string, DeliveryRecord[]>();
  const read = async (webhookId: string): Promise<DeliveryRecord[]> => {
    const entry = await kv.get(webhookId);
    return entry && entry.operation === 'PUT' ? entry.json<DeliveryRecord[]>() : [];
  };
  return {
    async record(webhookId, attempt) {
      const list = lists.get(webhookId) ?? (await read(webhookId));
      const next = [attempt, ...list].slice(0, kept);
      lists.set(webhookId, next);
      await kv.put(webhookId, JSON.stringify(next));
    },
    latest: read,
    async forget(webhookId) {
      lists.delete(webhookId);
      await kv.purge(webhookId);
    },
  };
}
