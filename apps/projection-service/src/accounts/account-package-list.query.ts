// The account package list as SQL: filters, precedence-aware order, keyset pages, skip and count.
import { versionSortKey } from '../../../../libs/domain/src/accounts/package-version.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import type { FilterField, FilterOp, FilterTerm } from '../query/astra-filter.js';
import type { OrderBy } from '../query/astra-order-include.js';
import type { Position } from '../query/paging-token.js';
import { withTransitions, type Db, type Resource } from './account-packages.query.js';

type Column = { name: string; cast: 'text' | 'bigint' | 'timestamptz' };

const CREATED: Column = { name: 'created_seq', cast: 'bigint' };
const text = (name: string): Column => ({ name, cast: 'text' });

const FILTER_COLUMN: Record<FilterField, Column> = {
  id: text('id'),
  packageName: text('package_name'),
  packageVersion: text('package_version'),
  packageType: text('package_type'),
  severityLevel: text('severity_level'),
  packageState: text('package_state'),
  'metadata.creationTimestamp': { name: 'creation_timestamp', cast: 'timestamptz' },
};

/** Sort keys per `orderBy` field; `created_seq` last makes every order total (and the keyset exact). */
const ORDER_COLUMNS: Record<FilterField | 'creation', Column[]> = {
  creation: [CREATED],
  id: [text('id'), CREATED],
  packageName: [text('package_name'), CREATED],
  // Precedence first (package_version_key is COLLATE "C"), the written string breaking ties.
  packageVersion: [text('package_version_key'), text('package_version'), CREATED],
  packageType: [text('package_type'), CREATED],
  severityLevel: [text('severity_level'), CREATED],
  packageState: [text('package_state'), CREATED],
  'metadata.creationTimestamp': [FILTER_COLUMN['metadata.creationTimestamp'], CREATED],
};

const SQL_OP: Record<FilterOp, string> = { eq: '=', lt: '<', gt: '>', lte: '<=', gte: '>=' };

export type ListPlan = { accountId: string; terms: FilterTerm[]; order: OrderBy; after: Position | undefined; skip: number; limit: number };
export type ListPage = { items: Resource[]; last: Position | undefined; more: boolean };

export const orderColumns = (order: OrderBy): Column[] => ORDER_COLUMNS[order?.field ?? 'creation'];

/** The WHERE clause for the account and the filters; pushes the values onto `params`. */
function whereClause(accountId: string, terms: readonly FilterTerm[], params: unknown[]): string {
  params.push(accountId);
  const conditions = [`account_id = $${params.length}`];
  for (const { field, op, value } of terms) {
    // eq on packageVersion matches the version as written; the comparisons use precedence.
    const byPrecedence = field === 'packageVersion' && op !== 'eq';
    const column = byPrecedence ? text('package_version_key') : FILTER_COLUMN[field];
    params.push(byPrecedence ? versionSortKey(value) : value);
    conditions.push(`${column.name} ${SQL_OP[op]} $${params.length}::${column.cast}`);
  }
  return conditions.join(' AND ');
}

export async function listAccountPackages(db: Db, plan: ListPlan): Promise<ListPage> {
  const params: unknown[] = [];
  const columns = orderColumns(plan.order);
  const desc = plan.order?.direction === 'desc';
  let where = whereClause(plan.accountId, plan.terms, params);
  if (plan.after) {
    const placeholders = plan.after.map((value, i) => (params.push(value), `$${params.length}::${columns[i]?.cast ?? 'text'}`));
    where += ` AND (${columns.map((c) => c.name).join(', ')}) ${desc ? '<' : '>'} (${placeholders.join(', ')})`;
  }
  const orderBy = columns.map((c) => `${c.name}${desc ? ' DESC' : ''}`).join(', ');
  params.push(plan.limit + 1, plan.skip);
  const { rows } = await db.query<Record<string, unknown> & { resource: Resource }>(
    `SELECT resource, ${columns.map((c) => c.name).join(', ')} FROM account_packages
      WHERE ${where} ORDER BY ${orderBy} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const page = rows.slice(0, plan.limit);
  const lastRow = page.at(-1);
  return {
    items: page.map((row) => withTransitions(row.resource)),
    last: lastRow && columns.map((c) => positionValue(lastRow[c.name])),
    more: rows.length > plan.limit,
  };
}

export async function countAccountPackages(db: Db, accountId: string, terms: readonly FilterTerm[]): Promise<number> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM account_packages WHERE ${whereClause(accountId, terms, params)}`,
    params,
  );
  return rows[0]?.count ?? 0;
}

/**
 * A decoded `continue` position must fit the order's keys as the database will read them: a safe
 * integer for `created_seq`, an ISO timestamp for `creation_timestamp`, text without NUL otherwise.
 * A token is opaque but not trusted; whatever does not fit is the client's mistake (400), never a 500.
 */
export function checkPosition(position: Position, order: OrderBy, raw: string): Position {
  const columns = orderColumns(order);
  const fits = position.length === columns.length && columns.every((c, i) => fitsColumn(c, position[i]));
  if (!fits) throw new BadRequestError('query.continue', 'is not a token issued for this request', raw);
  return position;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function fitsColumn(column: Column, value: unknown): boolean {
  switch (column.cast) {
    case 'bigint':
      return Number.isSafeInteger(value);
    case 'timestamptz':
      return typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
    default: {
      const _exhaustive: never = column.cast;
      return _exhaustive;
    }
  }
}

const positionValue = (value: unknown): string | number => (value instanceof Date ? value.toISOString() : (value as string | number));
