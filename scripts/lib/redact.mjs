// The launcher's copy of libs/http/src/config/redact.ts (the services' dist/ does not carry scripts/,
// nor scripts the TypeScript): connection URLs lose their passwords and tokens before they are printed.
// scripts/lib/redact.spec.ts holds the two to the same answers.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s"'<>]*)@/gi;
const SECRET_PARAMS = /([?&](?:password|passwd|pass|sslpassword|token|auth_token|secret)=)[^&#\s"']*/gi;

export function redactCredentials(text) {
  if (!text.includes('://')) return text;
  return text
    .replace(USERINFO, (_match, scheme, userinfo) => {
      const colon = userinfo.indexOf(':');
      return colon === -1 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
    })
    .replace(SECRET_PARAMS, '$1***');
}
