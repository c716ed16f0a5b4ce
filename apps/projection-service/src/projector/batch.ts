import { decodeEvent, type CloudEvent } from '../../../../libs/event-store/src/cloud-event.js';
import { UnknownSchemaVersionError, upcastEvent } from '../../../../libs/event-store/src/upcasting/event-upcasters.js';

export type Family = 'catalog' | 'accounts';

/** One stream message as the projector sees it: its position, subject and the event (when it decodes). */
export type BatchEvent = {
  seq: number;
  subject: string;
  /** From the subject (`subjectParts`), worked out once per message. */
  family: Family | null;
  accountId: string | null;
  /**
   * The payload as stored: `event_history.event` keeps exactly these bytes. Kept as received (not
   * decoded to a string) because only history needs them, and it sends them on as they are.
   */
  bytes: Uint8Array;
  /**
   * The event upcast to the version this build reads. Undefined when the payload is not a valid
   * CloudEvent: it is logged and passed over.
   */
  event: CloudEvent | undefined;
  /**
   * Set when a newer producer wrote the event (its schemaversion is past what this build reads):
   * nothing may apply it or anything after it, so the projector stops here (never skips it).
   */
  unknownVersion?: UnknownSchemaVersionError;
};

/** `artifacts.catalog.<pkgId>` / `artifacts.accounts.<accountId>.<packageId>` → family and account. */
export function subjectParts(subject: string): { family: Family | null; accountId: string | null } {
  const tokens = subject.split('.');
  if (tokens[1] === 'catalog' && tokens.length === 3) return { family: 'catalog', accountId: null };
  if (tokens[1] === 'accounts' && tokens.length === 4) return { family: 'accounts', accountId: tokens[2] ?? null };
  return { family: null, accountId: null };
}

/**
 * The bytes in a buffer of their own. nats.js hands a payload over as a view into the buffer it was
 * read into: a frame of the socket, or for a large message one grown by doubling (a 500 KB bundle
 * sits in 1 MiB). Held as a view, each event kept twice its size or more alive, outside any count
 * of event data; copied, it keeps exactly its bytes.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

export function toBatchEvent(seq: number, subject: string, bytes: Uint8Array): BatchEvent {
  let event: CloudEvent | undefined;
  try {
    event = decodeEvent(bytes);
  } catch {
    event = undefined;
  }
  const { family, accountId } = subjectParts(subject);
  if (!event) return { seq, subject, family, accountId, bytes, event };
  try {
    return { seq, subject, family, accountId, bytes, event: upcastEvent(event) };
  } catch (err) {
    if (!(err instanceof UnknownSchemaVersionError)) throw err;
    return { seq, subject, family, accountId, bytes, event, unknownVersion: err };
  }
}

/**
 * The type inside `family` when the read models know it (one of `types`, upcast to the version this
 * build reads); undefined for anything else, which only reaches history.
 */
export function localTypeOf<T extends string>(item: BatchEvent, family: Family, types: readonly T[]): T | undefined {
  const event = item.event;
  if (!event || item.unknownVersion || item.family !== family) return undefined;
  const prefix = `${family}.`;
  if (!event.type.startsWith(prefix)) return undefined;
  const localType = event.type.slice(prefix.length) as T;
  return types.includes(localType) ? localType : undefined;
}
