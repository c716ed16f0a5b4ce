import type { BatchEvent } from '../projector/batch.js';
import type { Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';

/**
 * Separates the events' texts in one parameter. Valid JSON never holds a raw U+0001 (control
 * characters inside strings must be escaped, and only whitespace may stand outside them), and only
 * events that parsed reach history, so splitting on it gives back each text exactly.
 */
const SEPARATOR = 0x01;

/**
 * Records every decodable event of both families, whatever its type or schema version, so history
 * stays complete (and readable after deletes) even for events the read models do not understand.
 * `ON CONFLICT DO NOTHING`: a position is written once, whatever redelivery brings. The column is
 * `json` (the text as published, checked but not converted): nothing queries inside an event, and
 * the conversion to jsonb was the costliest part of a batch. The texts travel as one separated
 * parameter split by the server, bytes as received (a binary `text` parameter: Postgres checks the
 * UTF-8): as a `text[]` literal every quote in them was escaped by the driver and unescaped by
 * Postgres, which made this statement a third of a batch's time.
 */
export async function projectHistory(db: Queryable, tables: ReadModelTables, items: BatchEvent[]): Promise<void> {
  const rows = items.filter((item) => item.event !== undefined);
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${tables.eventHistory} (seq, subject, family, type, aggregate_id, account_id, event)
     SELECT seq, subject, family, type, aggregate_id, account_id, event::json
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], string_to_array($7::text, $8::text))
         AS r(seq, subject, family, type, aggregate_id, account_id, event)
     ON CONFLICT (seq) DO NOTHING`,
    [
      rows.map((item) => item.seq),
      rows.map((item) => item.subject),
      rows.map((item) => item.family),
      rows.map((item) => item.event?.type),
      rows.map((item) => item.event?.subject),
      rows.map((item) => item.accountId),
      joined(rows),
      String.fromCharCode(SEPARATOR),
    ],
  );
}

/** The payloads one after another, separated; a Buffer parameter reaches Postgres unconverted. */
function joined(rows: BatchEvent[]): Buffer {
  let length = rows.length - 1;
  for (const row of rows) length += row.bytes.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const [index, row] of rows.entries()) {
    if (index > 0) out[at++] = SEPARATOR;
    out.set(row.bytes, at);
    at += row.bytes.length;
  }
  return out;
}
