// Request bodies the console's forms send (SPEC §4.1, §4.4, §4.5), from what was typed: exactly the
// members each create route accepts, an empty optional field left out.

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

export type ComponentValues = { name: string; title: string; description: string; primary: boolean };

/** POST …/versionsets/{number}/components: `name`, `title`, `primary`, and `description` when given. */
export function componentBody(v: ComponentValues): Record<string, unknown> {
  return { name: v.name, title: v.title, primary: v.primary, ...(v.description ? { description: v.description } : {}) };
}

export type ReleaseValues = { version: string; released_on: string; changes: string };

/**
 * POST /packages/{package}/releases: `version`, `changes`, and `released_on` when given. A picked
 * day (`2025-03-01`) is sent as its start in UTC; anything else goes as typed, for the API to judge.
 */
export function releaseBody(v: ReleaseValues): Record<string, unknown> {
  const day = v.released_on.trim();
  const releasedOn = /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day;
  return { version: v.version.trim(), changes: parseChanges(v.changes), ...(releasedOn ? { released_on: releasedOn } : {}) };
}
