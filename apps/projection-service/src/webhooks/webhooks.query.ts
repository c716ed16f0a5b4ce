// Webhook registrations from `webhooks` (docs/read-models.md), rendered as the command side renders them.
import type pg from 'pg';
import { isLowerUuid } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import type { WebhookFamily } from '../../../../libs/domain/src/webhooks/webhook.events.js';
import { webhookBody } from '../../../../libs/webhooks/src/registration-body.js';

type Db = Pick<pg.Pool, 'query'>;

/** Which webhooks a read may see: the family, and for accounts the account in the path. */
export type WebhookReadScope = { family: WebhookFamily; accountId?: string };

type Row = {
  id: string;
  family: WebhookFamily;
  account_id: string | null;
  url: string;
  types: string[];
  description: string | null;
  active: boolean;
  previous_secret_valid_until: string | null;
  created_on: Date;
  created_by: string;
  last_modified_on: Date;
  last_modified_by: string;
  created_seq: string;
  version: string;
};

const COLUMNS = 'id, family, account_id, url, types, description, active, previous_secret_valid_until, created_on, created_by, last_modified_on, last_modified_by, created_seq, version';
const IN_SCOPE = 'family = $1 AND account_id IS NOT DISTINCT FROM $2';

const body = (row: Row): Record<string, unknown> =>
  webhookBody({
    id: row.id,
    family: row.family,
    ...(row.account_id === null ? {} : { account_id: row.account_id }),
    url: row.url,
    types: row.types,
    ...(row.description === null ? {} : { description: row.description }),
    active: row.active,
    ...(row.previous_secret_valid_until === null ? {} : { previous_secret_valid_until: row.previous_secret_valid_until }),
    created_by: row.created_by,
    created_on: row.created_on.toISOString(),
    last_modified_by: row.last_modified_by,
    last_modified_on: row.last_modified_on.toISOString(),
  });

/** A live webhook of the scope with its version (ETag); another scope's, like a malformed id, is not found. */
export async function findWebhook(db: Db, scope: WebhookReadScope, id: string): Promise<{ version: number; body: Record<string, unknown> } | undefined> {
  if (!isLowerUuid(id)) return undefined;
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM webhooks WHERE ${IN_SCOPE} AND id = $3`, [scope.family, scope.accountId ?? null, id]);
  const row = rows[0];
  return row && { version: Number(row.version), body: body(row) };
}

/** The scope's webhooks in creation order, after the position `after`. */
export async function listWebhooks(db: Db, scope: WebhookReadScope, after: number, size: number): Promise<{ items: Record<string, unknown>[]; last?: number; more: boolean }> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM webhooks WHERE ${IN_SCOPE} AND created_seq > $3 ORDER BY created_seq LIMIT $4`, [
    scope.family,
    scope.accountId ?? null,
    after,
    size + 1,
  ]);
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return { items: page.map(body), ...(last && { last: Number(last.created_seq) }), more: rows.length > size };
}
