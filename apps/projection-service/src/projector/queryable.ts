import type pg from 'pg';

/** A connection inside the batch transaction (a pooled client or a dedicated one). */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * `"a text, b bigint"` → the names for INSERT/SELECT lists and the typed list for
 * `jsonb_to_recordset(...) AS r(...)`: inserts name their columns, so a column a later migration
 * appends never shifts them.
 */
export function recordColumns(typed: string): { names: string; typed: string } {
  const parts = typed.split(',').map((part) => part.trim().replace(/\s+/g, ' '));
  return { names: parts.map((part) => part.split(' ')[0]).join(', '), typed: parts.join(', ') };
}
