import type { WebhookEvent, WebhookFields } from '../../../../libs/domain/src/webhooks/webhook.events.js';
import type { BatchEvent } from '../projector/batch.js';
import type { Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';

const PREFIX = 'artifacts.webhooks.';

/** A webhook registration event of either family, as the domain names it, with its position and envelope. */
type Applied = { seq: number; time: string; actor: string; event: WebhookEvent };

function webhookEvent(item: BatchEvent): Applied | undefined {
  const event = item.event;
  if (!event || item.unknownVersion || !item.subject.startsWith(PREFIX)) return undefined;
  const type = event.type.slice(event.type.indexOf('.') + 1);
  return { seq: item.seq, time: event.time, actor: event.actor, event: { type, data: event.data } as WebhookEvent };
}

/**
 * Applies the batch's webhook registration events in stream order, one statement each: they are
 * rare beside package events, so a fold in Node would buy nothing. Positions at or below the
 * checkpoint never reach here, so each applies once; a create is `ON CONFLICT DO NOTHING` anyway.
 */
export async function projectWebhooks(db: Queryable, tables: ReadModelTables, items: BatchEvent[]): Promise<void> {
  for (const item of items) {
    const applied = webhookEvent(item);
    if (applied) await apply(db, tables.webhooks, applied);
  }
}

async function apply(db: Queryable, table: string, { seq, time, actor, event }: Applied): Promise<void> {
  const touch = `last_modified_on = $2, last_modified_by = $3, version = $4`;
  const head = [event.data.id, time, actor, seq];
  switch (event.type) {
    case 'WebhookCreated':
      await db.query(
        `INSERT INTO ${table} (id, last_modified_on, last_modified_by, version, created_on, created_by, created_seq, family, account_id, url, types, description, active)
         VALUES ($1, $2, $3, $4, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [...head, ...fieldValues(event.data)],
      );
      return;
    case 'WebhookUpdated':
      await db.query(`UPDATE ${table} SET ${touch}, family = $5, account_id = $6, url = $7, types = $8, description = $9, active = $10 WHERE id = $1`, [...head, ...fieldValues(event.data)]);
      return;
    case 'WebhookDeleted':
      await db.query(`DELETE FROM ${table} WHERE id = $1`, [event.data.id]);
      return;
    case 'WebhookSecretRotated':
      await db.query(`UPDATE ${table} SET ${touch}, previous_secret_valid_until = $5 WHERE id = $1`, [...head, event.data.previous_valid_until]);
      return;
    case 'WebhookDisabled':
      await db.query(`UPDATE ${table} SET ${touch}, active = false WHERE id = $1`, head);
      return;
    case 'WebhookPinged':
    case 'WebhookReplayRequested':
      // Requests to the delivery engine: only the version (ETag) moves, as in the aggregate.
      await db.query(`UPDATE ${table} SET version = $2 WHERE id = $1`, [event.data.id, seq]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

const fieldValues = (data: WebhookFields): unknown[] => [
  data.family,
  data.account_id ?? null,
  data.url,
  JSON.stringify(data.types),
  data.description ?? null,
  data.active,
];
