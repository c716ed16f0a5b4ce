import type { BatchEvent } from '../projector/batch.js';
import { copyIn } from '../projector/copy-in.js';
import type { Queryable } from '../projector/queryable.js';
import type { ReadModelTables } from '../projector/read-model-tables.js';

const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const BACKSLASH = 0x5c;
const ESCAPED: Record<number, number> = { [TAB]: 0x74, [NEWLINE]: 0x6e, [RETURN]: 0x72, [BACKSLASH]: BACKSLASH };
const SPECIAL = /[\\\t\n\r]/;

/**
 * History for the rebuild's bulk load: one `COPY` per batch instead of an INSERT. Only for tables
 * nobody else writes and a batch past the checkpoint (no conflicts to skip, unlike the live path's
 * `ON CONFLICT DO NOTHING`). COPY's text format: tab-separated, `\N` for NULL, and backslash,
 * tab, newline and carriage return escaped — the payload bytes are passed through as they are
 * unless they hold one of those.
 */
export async function copyHistory(db: Queryable, tables: ReadModelTables, items: BatchEvent[]): Promise<void> {
  const chunks: Uint8Array[] = [];
  for (const item of items) {
    if (!item.event) continue;
    const fields = [String(item.seq), item.subject, item.family, item.event.type, item.event.subject, item.accountId];
    chunks.push(Buffer.from(`${fields.map(field).join('\t')}\t`), escapeBytes(item.bytes), LINE_END);
  }
  if (chunks.length === 0) return;
  await copyIn(
    db,
    `COPY ${tables.eventHistory} (seq, subject, family, type, aggregate_id, account_id, event) FROM STDIN`,
    Buffer.concat(chunks),
  );
}

const LINE_END = Uint8Array.of(NEWLINE);

function field(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => `\\${String.fromCharCode(ESCAPED[char.charCodeAt(0)] ?? 0)}`) : value;
}

function escapeBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.indexOf(BACKSLASH) < 0 && bytes.indexOf(TAB) < 0 && bytes.indexOf(NEWLINE) < 0 && bytes.indexOf(RETURN) < 0) return bytes;
  const out = Buffer.allocUnsafe(bytes.length * 2);
  let at = 0;
  for (const byte of bytes) {
    const escaped = ESCAPED[byte];
    if (escaped !== undefined) out[at++] = BACKSLASH;
    out[at++] = escaped ?? byte;
  }
  return out.subarray(0, at);
}
