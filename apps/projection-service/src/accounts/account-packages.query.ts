// Account packages from `account_packages` (docs/read-models.md): the stored resource plus the fixed
// state machine, which the API adds on every read.
import type pg from 'pg';
import { PACKAGE_STATE_TRANSITIONS } from '../../../../libs/domain/src/accounts/account-package.transitions.js';
import { isLowerUuid } from '../../../../libs/domain/src/accounts/account-package.rules.js';

export type Db = Pick<pg.Pool, 'query'>;
export type Resource = Record<string, unknown>;

/** A live package of the account with its version (ETag); a malformed id names nothing. */
export async function findAccountPackage(db: Db, accountId: string, id: string): Promise<{ version: number; body: Resource } | undefined> {
  if (!isLowerUuid(id)) return undefined;
  const { rows } = await db.query<{ resource: Resource; version: number }>(
    'SELECT resource, version FROM account_packages WHERE account_id = $1 AND id = $2',
    [accountId, id],
  );
  const row = rows[0];
  return row && { version: row.version, body: withTransitions(row.resource) };
}

/** The resource as a GET returns it: `packageStateTransitions` right after `packageState`, as in the seed. */
export function withTransitions(resource: Resource): Resource {
  const body: Resource = {};
  for (const [key, value] of Object.entries(resource)) {
    body[key] = value;
    if (key === 'packageState') body.packageStateTransitions = PACKAGE_STATE_TRANSITIONS;
  }
  if (!('packageStateTransitions' in body)) body.packageStateTransitions = PACKAGE_STATE_TRANSITIONS;
  return body;
}
