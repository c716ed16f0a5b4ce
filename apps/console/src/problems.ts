// Both API families' problem details (SPEC §4.3 catalog, §5.3 accounts) reduced to what a form
// shows: a message per field, and the rest for the top of the form.
export type Problem = {
  status: number;
  title: string;
  detail: string;
  /** Field path (`title`, `versioning.scheme`, `packageState`) → the API's message. */
  fields: Record<string, string>;
  /** Messages that name no body field (query, header, path). */
  other: string[];
};

type CatalogError = { location?: string; message?: string; value?: unknown };
type AstraParam = { name?: string; reason?: string };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** `body.aliases[2]` → `aliases`; `body.changes[0].kind` → `changes`; `body.versioning.scheme` stays whole. */
export const fieldOf = (location: string): string | undefined =>
  location.startsWith('body.') ? location.slice(5).replace(/\[.*$/, '') || undefined : undefined;

export function toProblem(status: number, statusText: string, body: unknown): Problem {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const problem: Problem = { status, title: text(b.title) || statusText, detail: text(b.detail), fields: {}, other: [] };
  const add = (field: string | undefined, message: string): void => {
    if (field && !problem.fields[field]) problem.fields[field] = message;
    else problem.other.push(field ? `${field}: ${message}` : message);
  };
  for (const e of list<CatalogError>(b.errors)) {
    const location = text(e.location);
    add(fieldOf(location), location && !fieldOf(location) ? `${location}: ${text(e.message)}` : text(e.message));
  }
  for (const p of list<AstraParam>(b.invalidFields)) add(text(p.name) || undefined, text(p.reason));
  for (const p of list<AstraParam>(b.invalidParams)) problem.other.push(`${text(p.name)}: ${text(p.reason)}`);
  if (typeof b.schemaValidationFailure === 'string') problem.other.push(b.schemaValidationFailure);
  return problem;
}

/** What a 409 or 412 means for the person who pressed the button. */
export function explain(problem: Problem): string {
  if (problem.status === 412) return 'Someone changed this since the page loaded (412 Precondition Failed): the page has been refreshed; check it and try again.';
  if (problem.status === 409) return `The register refused the change as a conflict (409): ${problem.detail || problem.title}`;
  if (problem.status === 403) return problem.detail;
  return problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
}
