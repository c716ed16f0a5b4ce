/**
 * Text no read model can store: U+0000 and unpaired UTF-16 surrogates. JSON allows both (as
 * `\u0000`, `\ud800`), JetStream carries them, but Postgres `text`/`json` refuse them — an accepted
 * write carrying one would stop the projector at that event for every reader. They are refused at
 * the edge instead, in keys as well as values.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The location (`title`, `metadata.labels[0].value`) of the first unstorable string, or undefined. */
export function unstorableTextAt(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) return path;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      const at = Array.isArray(node) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      if (UNSTORABLE.test(key)) return at;
      stack.push([child, at]);
    }
  }
  return undefined;
}
