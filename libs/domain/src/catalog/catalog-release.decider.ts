// The release half of the catalog decider. Releases live inside their Package aggregate, so
// "one release per SemVer precedence" is checked against one consistent state and holds under
// concurrent writers (the append expects the package's version).
import { assertValid, ConflictError, NotFoundError, type FieldIssue } from '../errors.js';
import { canonicalJson, isAbsent } from '../field-checks.js';
import type { CreateRelease, DeleteRelease, UpdateRelease } from './catalog-package.commands.js';
import type { CatalogEvent, ReleaseFields } from './catalog-package.events.js';
import { isReleaseVersion, normalizeRelease, releaseBodyIssues, releaseId, releaseKey } from './catalog-release.rules.js';
import type { LiveCatalogPackage, ReleaseState } from './catalog-package.state.js';

export const createRelease = (command: CreateRelease, live: LiveCatalogPackage): CatalogEvent => {
  assertValid(releaseBodyIssues(command.body));
  const { version } = command.body;
  const existing = live.releases[releaseKey(version)];
  if (existing) {
    const id = releaseId(live.id, existing.version);
    throw new ConflictError(`release ${id} already exists (same SemVer precedence as "${version}")`, [
      { path: 'version', message: `has the precedence of ${id}`, value: id },
    ]);
  }
  return { type: 'ReleaseCreated', data: normalizeRelease(live.id, version, command.body) };
};

export const updateRelease = (command: UpdateRelease, live: LiveCatalogPackage): CatalogEvent | null => {
  const current = requireRelease(live, command.version);
  const { body } = command;
  assertValid(releaseBodyIssues(body));
  const conflicts = immutableConflicts(command, live, current);
  if (conflicts.length > 0) throw new ConflictError(`cannot update release ${releaseId(live.id, current.version)}`, conflicts);
  const next = normalizeRelease(live.id, current.version, body);
  if (canonicalJson(next) === canonicalJson(fieldsOf(live.id, current))) return null;
  return { type: 'ReleaseUpdated', data: next };
};

export const deleteRelease = (command: DeleteRelease, live: LiveCatalogPackage): CatalogEvent => {
  const current = requireRelease(live, command.version);
  return { type: 'ReleaseDeleted', data: { package: live.id, version: current.version } };
};

/**
 * The live release with the precedence of `version` (`v1.2.0` finds `1.2.0`); else not found. A
 * path version must be a release version itself: `releaseKey` keys anything else as itself (so
 * `valueOf` would find what every object inherits) and node-semver trims (` 1.2.0` would find 1.2.0).
 */
export const requireRelease = (live: LiveCatalogPackage, version: string): ReleaseState => {
  const key = releaseKey(version);
  const release = isReleaseVersion(version) && Object.hasOwn(live.releases, key) ? live.releases[key] : undefined;
  if (release === undefined) throw new NotFoundError('PackageRelease', releaseId(live.id, version));
  return release;
};

/** `version` (as written) and `package` are immutable; an `id` sent back must name this release. */
const immutableConflicts = (command: UpdateRelease, live: LiveCatalogPackage, current: ReleaseState): FieldIssue[] => {
  const { body } = command;
  const conflicts: FieldIssue[] = [];
  const isThisPackage = (ref: string): boolean => ref === live.id || live.aliases.includes(ref);
  if (body.version !== current.version) {
    conflicts.push({ path: 'version', message: `is immutable (the release is ${current.version})`, value: body.version });
  }
  if (!isAbsent(body.package) && !isThisPackage(body.package)) {
    conflicts.push({ path: 'package', message: `is immutable (must be ${live.id} or one of its aliases)`, value: body.package });
  }
  if (!isAbsent(body.id)) {
    const at = body.id.indexOf('@');
    if (at < 0 || !isThisPackage(body.id.slice(0, at)) || body.id.slice(at + 1) !== current.version) {
      conflicts.push({ path: 'id', message: `must be ${releaseId(live.id, current.version)}`, value: body.id });
    }
  }
  return conflicts;
};

const fieldsOf = (packageId: string, release: ReleaseState): ReleaseFields => ({
  package: packageId,
  version: release.version,
  ...(release.released_on === undefined ? {} : { released_on: release.released_on }),
  changes: release.changes,
});
