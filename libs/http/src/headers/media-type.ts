import { headerValue, type Headers } from './header-names.js';

export const ASTRA_PACKAGE_MEDIA_TYPE = 'application/astra-package+json';
export const JSON_MEDIA_TYPE = 'application/json';

type AstraMediaType = typeof ASTRA_PACKAGE_MEDIA_TYPE | typeof JSON_MEDIA_TYPE;

/**
 * The body type of an account package answer (SPEC §5): the type NetApp's document declares for the
 * operation (`declared`: application/astra-package+json for a package, application/json for the
 * list), unless `Accept` gives the other one a higher quality. Wildcard ranges, no `Accept` and an
 * `Accept` that names neither get the declared type (as NetApp's curl examples, sending any type, expect).
 */
export function astraContentType(headers: Headers, declared: AstraMediaType = ASTRA_PACKAGE_MEDIA_TYPE): AstraMediaType {
  const accept = headerValue(headers, 'accept');
  if (accept === undefined || accept.trim() === '') return declared;
  const other = declared === ASTRA_PACKAGE_MEDIA_TYPE ? JSON_MEDIA_TYPE : ASTRA_PACKAGE_MEDIA_TYPE;
  return quality(accept, other) > quality(accept, declared) ? other : declared;
}

/** RFC 9110 §12.5.1: the q of the most specific range matching `type` (0 when none does). */
function quality(accept: string, type: string): number {
  const major = type.slice(0, type.indexOf('/'));
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(',')) {
    const [name = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const specificity = name === type ? 2 : name === `${major}/*` ? 1 : name === '*/*' ? 0 : -1;
    if (specificity < 0 || specificity < best.specificity) continue;
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    const value = Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 1;
    best = specificity > best.specificity ? { specificity, q: value } : { specificity, q: Math.max(best.q, value) };
  }
  return best.q;
}
