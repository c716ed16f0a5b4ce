import type { WebhookFamily } from '../../domain/src/webhooks/webhook.events.js';
import type { DeliveryRecord } from './deliveries-log.js';
import type { DeliveryItem } from './delivery-lanes.js';
import { deliver, type DeliveryOutcome } from './delivery.js';
import type { DestinationResolver } from './destination.js';
import type { WebhookSecrets } from './secret-store.js';
import { signDelivery } from './signature.js';

/** Where one webhook's deliveries go and which events it wants. */
export type WebhookTarget = { id: string; family: WebhookFamily; accountId?: string; url: string; types: string[] };

export type AttemptDeps = {
  secrets: Pick<WebhookSecrets, 'signing'>;
  /** Where a URL's deliveries connect, checked against the destination policy (`cachingResolver`). */
  destinations: DestinationResolver;
  /** Shared by every webhook: how many HTTP deliveries run at once in this process. */
  slots: { acquire(): Promise<void>; release(): void };
};

/**
 * One signed POST of the stored bytes, with every secret that signs now (two during a rotation's
 * overlap), to the address the destination check resolved. Never throws: a missing secret or a
 * refused destination is a failed attempt like a refused connection.
 */
export async function signedAttempt(deps: AttemptDeps, target: WebhookTarget, eventId: string, bytes: Uint8Array): Promise<DeliveryOutcome> {
  const now = Date.now();
  const secrets = await deps.secrets.signing(target.id, now).catch(() => undefined);
  if (secrets === undefined) return { delivered: false, error: 'the secrets bucket did not answer', durationMs: 0 };
  if (secrets.length === 0) return { delivered: false, error: 'the webhook has no secret', durationMs: 0 };
  let destination;
  try {
    destination = await deps.destinations(target.url);
  } catch (err) {
    return { delivered: false, error: (err as Error).message, durationMs: 0 };
  }
  await deps.slots.acquire();
  try {
    return await deliver({ destination, headers: signDelivery(secrets, eventId, Math.floor(now / 1000), bytes), body: bytes });
  } finally {
    deps.slots.release();
  }
}

/** An attempt as the deliveries log shows it. */
export const deliveryRecord = (item: DeliveryItem, attempt: number, outcome: DeliveryOutcome, name: DeliveryRecord['outcome']): DeliveryRecord => ({
  event_id: item.id,
  type: item.type,
  position: item.seq,
  time: new Date(Date.now() - outcome.durationMs).toISOString(),
  attempt,
  ...(outcome.status !== undefined && { status: outcome.status }),
  ...(!outcome.delivered && { error: outcome.error }),
  duration_ms: outcome.durationMs,
  outcome: name,
});
