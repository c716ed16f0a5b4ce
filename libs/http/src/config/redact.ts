// Connection URLs carry credentials (`nats://user:password@host`, `postgres://user:password@host/db`,
// `nats://token@host`, `?password=`). Every message and log line that may name a URL passes through
// this, so a password or token never reaches a log, an error message or a terminal. The user part runs
// to the last `@` of the authority: a password may hold an unescaped `@`.

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s"'<>]*)@/gi;
const SECRET_PARAMS = /([?&](?:password|passwd|pass|sslpassword|token|auth_token|secret)=)[^&#\s"']*/gi;

/** `text` with every URL's password (or bare token) and secret query parameters replaced by `***`. */
export function redactCredentials(text: string): string {
  if (!text.includes('://')) return text;
  return text
    .replace(USERINFO, (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      // `user:password@` keeps the user (useful, not secret); a lone `token@` is the secret itself.
      return colon === -1 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
    })
    .replace(SECRET_PARAMS, '$1***');
}
