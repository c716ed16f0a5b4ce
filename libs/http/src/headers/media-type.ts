import { headerValue, type Headers } from './header-names.js';

export const ASTRA_PACKAGE_MEDIA_TYPE = 'application/astra-package+json';

/** Account package responses: `application/astra-package+json` when `Accept` asks for it, else `application/json`. */
export function astraContentType(headers: Headers): string {
  const accept = headerValue(headers, 'accept') ?? '';
  const wanted = accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return type === ASTRA_PACKAGE_MEDIA_TYPE && (q === undefined || Number(q.slice(2)) > 0);
  });
  return wanted ? ASTRA_PACKAGE_MEDIA_TYPE : 'application/json';
}
