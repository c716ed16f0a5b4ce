import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import { aliasTakenConflict } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import type { CatalogPackageState } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { ConflictError } from '../../../../libs/domain/src/errors.js';
import type { UniquenessStore } from '../uniqueness/uniqueness.store.js';
import type { WriteClaims } from '../write/run-write.js';

const currentAliases = (state: CatalogPackageState): string[] => (state.status === 'live' ? state.aliases : []);

function nextAliases(event: CatalogEvent, state: CatalogPackageState): string[] {
  switch (event.type) {
    case 'PackageCreated':
    case 'PackageUpdated':
      return event.data.aliases;
    case 'PackageDeleted':
      return [];
    default:
      return currentAliases(state);
  }
}

/**
 * The alias side of one catalog command. Before each append it claims the event's aliases and notes
 * the revisions of those it drops; after the command it frees what it dropped (at those revisions)
 * or, when nothing was appended, what it newly claimed.
 */
export function createAliasClaims(store: UniquenessStore<string>, packageId: string): WriteClaims<CatalogPackageState, CatalogEvent> {
  const claimed = new Set<string>();
  let dropped = new Map<string, number>();

  const claim = async (aliases: string[]): Promise<void> => {
    const results = await Promise.all(aliases.map((alias) => store.reserve(alias, packageId)));
    results.forEach((result, index) => {
      if (result.outcome === 'reserved') claimed.add(aliases[index] ?? '');
    });
    const taken = aliases.flatMap((alias, index) => (results[index]?.outcome === 'taken' ? [{ alias, index }] : []));
    if (taken.length === 0) return;
    const issues = taken.flatMap(({ alias, index }) => aliasTakenConflict(alias, index).issues);
    const names = taken.map(({ alias }) => `"${alias}"`).join(', ');
    throw new ConflictError(taken.length === 1 ? `alias ${names} is taken by another package` : `aliases ${names} are taken by other packages`, issues);
  };

  const beforeAppend = async (event: CatalogEvent, state: CatalogPackageState): Promise<void> => {
    const next = nextAliases(event, state);
    const gone = currentAliases(state).filter((alias) => !next.includes(alias));
    await claim(next);
    const revisions = await Promise.all(gone.map((alias) => store.revisionOf(alias, packageId)));
    dropped = new Map(gone.flatMap((alias, index) => (revisions[index] === undefined ? [] : [[alias, revisions[index]]])));
  };

  // Releases are best effort: a reservation left behind is an orphan, reclaimed after the grace period.
  const release = (alias: string, revision?: number) => store.release(alias, packageId, revision).catch(() => undefined);

  const settle = async (appended: boolean): Promise<void> => {
    if (appended) await Promise.all([...dropped].map(([alias, revision]) => release(alias, revision)));
    else await Promise.all([...claimed].map((alias) => release(alias)));
  };

  /** A value another live package holds in its stream stays theirs: the stream is the truth, not the store. */
  const restore = async (state: CatalogPackageState): Promise<void> => {
    const held = currentAliases(state);
    await Promise.all(held.map((alias) => store.reserve(alias, packageId)));
    await Promise.all([...claimed].filter((alias) => !held.includes(alias)).map((alias) => release(alias)));
  };

  return { beforeAppend, settle, restore };
}
