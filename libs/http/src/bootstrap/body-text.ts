/**
 * Text no read model can store: U+0000 and unpaired UTF-16 surrogates. JSON allows both (as
 * `\u0000`, `\ud800`), JetStream carries them, but Postgres `text`/`json` refuse them — an accepted
 * write carrying one would stop the projector at that event for every reader. They are refused at
 * the edge instead, in keys as well as values.
 */
function unstorable(text: string): boolean {
  // Native scans, far quicker than a regular expression over a large base64 file. `isWellFormed`
  // (ES2024) is in Node 20; the project's `lib` stops at ES2023.
  return text.includes('\u0000') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** The location (`title`, `metadata.labels[0].value`) of the first unstorable string, or undefined. */
export function unstorableTextAt(value: unknown): string | undefined {
  // Every JSON body passes here: a walk that builds no path strings clears the clean ones, and
  // only a body about to be refused is walked again to name the place.
  return holdsUnstorableText(value) ? locate(value) : undefined;
}

function holdsUnstorableText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (unstorable(node)) return true;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    const keyed = !Array.isArray(node);
    for (const [key, child] of Object.entries(node)) {
      if (keyed && unstorable(key)) return true;
      stack.push(child);
    }
  }
  return false;
}

function locate(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      if (unstorable(node)) return path;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      const at = Array.isArray(node) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      if (unstorable(key)) return at;
      stack.push([child, at]);
    }
  }
  return undefined;
}
