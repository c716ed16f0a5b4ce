// Idempotency keys for the console's creates. A create whose answer never came, or came as a 5xx
// (a 503 means the register does not know yet whether it was stored), may have happened: the user's
// retry of the same form must not make a second package or be refused as a duplicate of the first.
// So the same method, path and body carry the same Idempotency-Key until a definite answer (< 500)
// arrives; the register then answers the retry with the first request's outcome (SPEC §6).

const open = new Map<string, string>();

/** 128 random bits as hex: getRandomValues works outside secure contexts too (randomUUID does not). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const identity = (method: string, path: string, body: unknown): string => `${method} ${path} ${JSON.stringify(body)}`;

/** The key of this write: the one an earlier attempt with no definite answer used, or a new one. */
export function writeKey(method: string, path: string, body: unknown): string {
  const id = identity(method, path, body);
  let key = open.get(id);
  if (key === undefined) {
    key = newKey();
    open.set(id, key);
  }
  return key;
}

/** After an attempt: a definite answer (`status` below 500) closes the key; none, or a 5xx, keeps it. */
export function settleWrite(method: string, path: string, body: unknown, status: number | undefined): void {
  if (status !== undefined && status < 500) open.delete(identity(method, path, body));
}
