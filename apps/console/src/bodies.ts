// Request bodies the console's forms send (SPEC §4.1, §4.5), from what was typed.

export const CHANGE_KINDS = ['added', 'changed', 'deprecated', 'removed', 'fixed', 'security'];

export type PackageValues = { title: string; system: string; aliases: string; description: string; scheme: string; cycle: string; support: string; interval: string };

export function createBody(v: PackageValues): Record<string, unknown> {
  const aliases = v.aliases.split(/[\s,]+/).filter(Boolean);
  const versioning = {
    scheme: v.scheme,
    release_cycle: v.cycle,
    support_model: v.support,
    ...(v.interval.trim() ? { release_interval_days: Number(v.interval) } : {}),
  };
  return { title: v.title, system: v.system, ...(aliases.length ? { aliases } : {}), ...(v.description ? { description: v.description } : {}), versioning };
}

/** `fixed: a crash on start` per line → `{kind, description}`; a line without a known kind is `changed`. */
export function parseChanges(text: string): { kind: string; description: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\w+):\s*(.*)$/.exec(line);
      return m?.[1] && CHANGE_KINDS.includes(m[1]) ? { kind: m[1], description: m[2] ?? '' } : { kind: 'changed', description: line };
    });
}
