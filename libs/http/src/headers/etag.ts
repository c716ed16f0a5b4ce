import { PreconditionFailedError } from '../../../domain/src/errors.js';
import { BadRequestError } from '../errors/http.errors.js';

/** A strong ETag for an aggregate version (the JetStream sequence of its last event): `"42"`. */
export function formatETag(version: number): string {
  return `"${version}"`;
}

/** `*` (any current version), or the versions listed. Weak tags never match a strong comparison. */
export type IfMatch = { any: true } | { any: false; versions: number[] };

const ENTITY_TAG = /^(W\/)?"([^"]*)"$/;

/**
 * Parses `If-Match`; undefined when absent. A malformed header is a 400 at `header.if-match`
 * (the client must not get a write applied on a condition we could not read).
 */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const tags = parseTagList(header, 'if-match');
  if (tags === '*') return { any: true };
  const versions = tags.filter((tag) => !tag.weak).map((tag) => tag.version);
  return { any: false, versions };
}

/** Throws PreconditionFailedError unless `ifMatch` holds for the current version (undefined = no resource). */
export function assertIfMatch(ifMatch: IfMatch | undefined, currentVersion: number | undefined): void {
  if (ifMatch === undefined) return;
  const holds = currentVersion !== undefined && (ifMatch.any || ifMatch.versions.includes(currentVersion));
  if (!holds) throw new PreconditionFailedError();
}

/**
 * True when `If-None-Match` names the current version (weak comparison) or is `*`: answer 304.
 * A malformed header is ignored, as a cache validator that cannot match.
 */
export function ifNoneMatchHits(header: string | undefined, currentVersion: number): boolean {
  if (header === undefined) return false;
  try {
    const tags = parseTagList(header, 'if-none-match');
    return tags === '*' || tags.some((tag) => tag.version === currentVersion);
  } catch {
    return false;
  }
}

type Tag = { weak: boolean; version: number };

function parseTagList(header: string, name: string): '*' | Tag[] {
  const trimmed = header.trim();
  if (trimmed === '*') return '*';
  const items = trimmed.split(',').map((item) => item.trim());
  return items.map((item) => {
    const match = ENTITY_TAG.exec(item);
    const text = match?.[2];
    if (text === undefined || !/^\d{1,15}$/.test(text)) {
      throw new BadRequestError(`header.${name}`, `must be * or a list of entity tags like "42"`, header);
    }
    return { weak: match?.[1] !== undefined, version: Number(text) };
  });
}
